import os = require('node:os');

/**
 * Puts this process below normal scheduling priority (never raises it). Linting a large payload is
 * seconds of CPU; on a machine with few cores the editor's own processes (VS Code's extension
 * host, the window) then lose the CPU to it and stall while the user types. Findings still come as
 * soon as a core is free. Returns the priority the process has afterwards (undefined: unknown).
 */
export function runBelowNormalPriority(): number | undefined {
  const below = os.constants.priority.PRIORITY_BELOW_NORMAL;
  try {
    if (os.getPriority() < below) os.setPriority(below);
    return os.getPriority();
  } catch {
    // Not permitted or not supported here: the server works the same, only at normal priority.
    return undefined;
  }
}
