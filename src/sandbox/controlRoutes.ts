import type { SandboxDescription } from './description';
import type { FaultQueue } from './faults';
import { FaultError } from './faults';
import type { SandboxReply, SandboxRequest } from './http';
import { parseJsonBody } from './http';
import type { RequestLog } from './requestLog';
import type { SandboxState } from './state';

/**
 * /__sandbox/…: the programmatic controls over HTTP, so that a sandbox started by the CLI in
 * another process can be driven by tests. Not part of either API; never logged nor faulted.
 */
export interface SandboxControls {
  state: SandboxState;
  faults: FaultQueue;
  log: RequestLog;
  description: SandboxDescription;
}

export const CONTROL_PREFIX = '/__sandbox';

export function handleControl(req: SandboxRequest, controls: SandboxControls): SandboxReply {
  const route = `${req.method} ${req.path.slice(CONTROL_PREFIX.length) || '/'}`;
  switch (route) {
    case 'GET /':
    case 'GET /description':
      return { status: 200, body: controls.description };
    case 'POST /faults': {
      const parsed = parseJsonBody(req);
      if (!parsed.ok) return controlError(400, parsed.problem);
      try {
        return { status: 201, body: controls.faults.add(parsed.value) };
      } catch (error) {
        if (error instanceof FaultError) return controlError(400, error.message);
        throw error;
      }
    }
    case 'GET /faults':
      return { status: 200, body: controls.faults.list() };
    case 'DELETE /faults':
      controls.faults.clear();
      return { status: 200, body: { ok: true } };
    case 'POST /expire-tokens':
      return { status: 200, body: { ok: true, expiredTokens: controls.state.tokens.expireAll() } };
    case 'POST /reset':
      resetAll(controls);
      return { status: 200, body: { ok: true } };
    case 'GET /requests':
      return { status: 200, body: controls.log.list() };
    case 'DELETE /requests':
      controls.log.clear();
      return { status: 200, body: { ok: true } };
    default:
      return controlError(
        404,
        `No sandbox control ${req.method} ${req.path}. Known: GET /__sandbox/description, POST|GET|DELETE /__sandbox/faults, POST /__sandbox/expire-tokens, POST /__sandbox/reset, GET|DELETE /__sandbox/requests.`,
      );
  }
}

/** Seed data back, pending faults and the request log cleared; tokens stay valid. */
export function resetAll(controls: Pick<SandboxControls, 'state' | 'faults' | 'log'>): void {
  controls.state.reset();
  controls.faults.clear();
  controls.log.clear();
}

function controlError(status: number, message: string): SandboxReply {
  return { status, body: { status, message } };
}
