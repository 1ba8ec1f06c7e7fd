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

/**
 * The query text of `params` ("?a=1&b=2", or "" when none is set): a parameter undefined, null or '' is left out.
 */
export function query(params) {
  const text = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  return text ? `?${text}` : '';
}

/**
 * The path of a room's resource on role-sync or moderation, for the room's IM app: `{ app, room }` is the room as
 * role-sync's rooms list names it (a room id is only unique within its app, and without `app` the APIs take the first
 * configured app), `resource` the path under the room ("/members"), `params` further query parameters.
 * E.g. roomPath('/v1/rooms', { app: 1400000002, room: 'live 1' }, '/members') is
 * "/v1/rooms/live%201/members?app=1400000002".
 */
export function roomPath(base, { app, room }, resource = '', params = {}) {
  return `${base}/${encodeURIComponent(room)}${resource}${query({ ...params, app })}`;
}

/**
 * The console's calls. `roleSync` and `moderation` are the APIs' base URLs, `token()` gives the bearer token. Every
 * call about a room takes the room as `{ app, room }` (an entry of role-sync's rooms list) and sends its `app`, so the
 * APIs answer about that app's room and check the token against that app; `room` '*' of the policy calls is the app
 * default. Errors: an answer other than 2xx throws ApiError.
 */
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
  return {
    rooms: (search) => call(roleSync, 'GET', `/v1/rooms${query(search)}`),
    members: (room) => call(roleSync, 'GET', roomPath('/v1/rooms', room, '/members')),
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
    reconcile: (room) => call(roleSync, 'POST', roomPath('/v1/rooms', room, '/reconcile')),
    decisions: (room, limit) => call(moderation, 'GET', roomPath('/v1/rooms', room, '/decisions', { limit })),
    perMinute: (room, minutes) => call(moderation, 'GET', roomPath('/v1/rooms', room, '/decisions/per-minute', { minutes })),
    policy: async (room) => {
      try {
        return await call(moderation, 'GET', roomPath('/v1/policies', room));
      } catch (e) {
        if (e.status === 404) {
          return null;
        }
        throw e;
      }
    },
    savePolicy: (room, policy) => call(moderation, 'PUT', roomPath('/v1/policies', room), policy),
  };
}
