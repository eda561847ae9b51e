/**
 * `compute` remembering its answers for up to `maxEntries` distinct keys, then starting over: for work repeated over
 * the few distinct values of a large input (command lines, host and account names of one part), with memory bounded
 * however many distinct values the input has.
 */
export function memoizeBounded<T>(compute: (key: string) => T, maxEntries: number): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    if (answers.has(key)) return answers.get(key) as T;
    const answer = compute(key);
    if (answers.size >= maxEntries) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}
