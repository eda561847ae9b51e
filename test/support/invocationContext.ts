import { InvocationContext } from '@azure/functions';

/** An invocation context as the host gives a function, whose log lines (`level: text`) the test can read. */
export function invocationContext(name: string): InvocationContext & { lines: string[] } {
  const lines: string[] = [];
  const ctx = new InvocationContext({ functionName: name, invocationId: `test-${name}`, logHandler: (level, ...args) => lines.push(`${level}: ${args.join(' ')}`) });
  return Object.assign(ctx, { lines });
}
