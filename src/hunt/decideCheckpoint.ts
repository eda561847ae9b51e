import type { WindowPlan } from './planWindow.js';

/**
 * What a run did with the checkpoint: moved it to the end of the last part read and recorded (a note says why it
 * stopped short of the window's end), or left it (the note says why).
 */
export type CheckpointDecision = { readonly advanceTo: Date; readonly note?: string } | { readonly advanceTo?: never; readonly note: string };

export interface CheckpointInput {
  /** Dry runs change no state. */
  readonly dryRun: boolean;
  readonly plan: Pick<WindowPlan, 'source' | 'hasWork'>;
  /** The end of the last part of the window read completely and recorded, when any was. */
  readonly readThrough: Date | undefined;
  /** The part the query could not read completely, where the run stopped. */
  readonly heldAt: Date | undefined;
  /** The run stopped at its time budget before reading the whole window. */
  readonly budgetExhausted: boolean;
}

const iso = (d: Date): string => d.toISOString();

/**
 * How a run's checkpoint ends up. Only a scheduled window moves it, part by part: to the end of the last part read
 * completely, never past a part the query could not read (that part is queried again by the next run).
 */
export function decideCheckpoint(input: CheckpointInput): CheckpointDecision {
  if (input.dryRun) return { note: 'dry run: state and checkpoint unchanged' };
  if (input.plan.source !== 'scheduled') return { note: 'explicit window: checkpoint unchanged' };
  if (!input.plan.hasWork) return { note: 'nothing to query yet' };
  const why =
    input.heldAt !== undefined
      ? `partial query failure at ${iso(input.heldAt)}: checkpoint held so the window is queried again from there`
      : input.budgetExhausted
        ? 'time budget exhausted: the next run reads the rest of the window'
        : undefined;
  if (input.readThrough === undefined) return { note: why ?? 'nothing read' };
  return why === undefined ? { advanceTo: input.readThrough } : { advanceTo: input.readThrough, note: why };
}
