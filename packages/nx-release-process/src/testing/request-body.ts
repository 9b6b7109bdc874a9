import type { IncomingMessage } from 'node:http';

/** A request's body for the API stand-ins: parsed JSON, the raw text when it is not JSON, null when empty. */
export function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let data = '';
    request.on('data', (chunk) => (data += chunk));
    request.on('end', () => {
      try {
        resolve(data ? JSON.parse(data) : null);
      } catch {
        resolve(data);
      }
    });
  });
}
