/**
 * What to do when the user interrupts a command (Ctrl-C, or SIGTERM from a supervisor): the registered steps run
 * in order — the progress bar (made first) gives the terminal its cursor back, the command prints how far it got — and
 * the process exits 130 (143 for SIGTERM), as a shell expects of an interrupted program. Without this, Node's
 * default handler exits at once, leaving the cursor hidden and no word of what was done.
 */
const steps: Array<() => void> = [];
let installed = false;

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** Registers a step; returns a function that removes it (call it once the work it reports on is over). */
export function onInterrupt(step: () => void): () => void {
  if (!installed) {
    installed = true;
    for (const signal of Object.keys(SIGNAL_EXIT) as Array<keyof typeof SIGNAL_EXIT>) {
      process.once(signal, () => {
        for (const s of steps.splice(0)) s();
        process.exit(SIGNAL_EXIT[signal]);
      });
    }
  }
  steps.push(step);
  return () => {
    const i = steps.indexOf(step);
    if (i !== -1) steps.splice(i, 1);
  };
}
