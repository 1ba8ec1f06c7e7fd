// roomsync's documented HTTP APIs as the console calls them: role-sync (openapi.yaml) and moderation
// (docs/moderation.md), with the operator's bearer token and nothing else. Cross-origin: the APIs allow the console's
// origin through roomsync.api.cors.allowed-origins (README, "Operator console").

/** An answer other than 2xx: its status and the API's `error` (and `problems` for a refused policy). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
}

export function createApi({ roleSync, moderation }, token) {
  async function call(base, method, path, body) {
    const headers = { Authorization: `Bearer ${token()}` };
    if (body !== null && body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(base + path, {
      method, headers, body: body === null || body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
    });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { error: text };
    }
    if (!response.ok) {
      throw new ApiError(response.status, json);
    }
    return json;
  }
  const q = (params) => {
    const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    const text = query.toString();
    return text ? `?${text}` : '';
  };
  const room = (id) => encodeURIComponent(id);
  return {
    rooms: (search) => call(roleSync, 'GET', `/v1/rooms${q(search)}`),
    members: (id) => call(roleSync, 'GET', `/v1/rooms/${room(id)}/members`),
    act: (request) => call(roleSync, request.method, request.path, request.body),
    result: async (commandId) => {
      try {
        return await call(roleSync, 'GET', `/v1/commands/${encodeURIComponent(commandId)}`);
      } catch (e) {
        if (e.status === 404 && e.body?.status === 'PENDING_OR_UNKNOWN') {
          return null;
        }
        throw e;
      }
    },
    reconcile: (id) => call(roleSync, 'POST', `/v1/rooms/${room(id)}/reconcile`),
    decisions: (id, limit) => call(moderation, 'GET', `/v1/rooms/${room(id)}/decisions${q({ limit })}`),
    perMinute: (id, minutes) => call(moderation, 'GET', `/v1/rooms/${room(id)}/decisions/per-minute${q({ minutes })}`),
    policy: async (id) => {
      try {
        return await call(moderation, 'GET', `/v1/policies/${room(id)}`);
      } catch (e) {
        if (e.status === 404) {
          return null;
        }
        throw e;
      }
    },
    savePolicy: (id, policy) => call(moderation, 'PUT', `/v1/policies/${room(id)}`, policy),
  };
}
