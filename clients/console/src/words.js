// What the console says, as pure functions (no DOM, no fetch): tested with `node --test` (test/words.test.js).
import { roomPath } from './api.js';

/** Scopes of a bearer token (README, "Security"): the JWT's `scope` (space-separated) or `scp` claim. */
export function tokenClaims(token) {
  const parts = String(token || '').trim().split('.');
  if (parts.length !== 3) {
    throw new Error('a token is three base64url parts separated by dots (bin/roomsync token prints one)');
  }
  let claims;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const text = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    claims = JSON.parse(text);
  } catch {
    throw new Error('the token\'s payload is not base64url JSON');
  }
  const scope = claims.scope ?? claims.scp ?? [];
  const scopes = Array.isArray(scope) ? scope.map(String) : String(scope).split(' ').filter(Boolean);
  return {
    subject: claims.sub ?? '(no subject)',
    scopes: new Set(scopes),
    expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
  };
}

/** The scope each action needs (README, "Security"), to disable what the token cannot do. */
export const ACTION_SCOPES = {
  MUTE: 'members:write',
  UNMUTE: 'members:write',
  BAN: 'members:write',
  UNBAN: 'members:write',
  GRANT_ADMIN: 'admins:write',
  REVOKE_ADMIN: 'admins:write',
  RECONCILE: 'rooms:reconcile',
  SAVE_POLICY: 'policies:write',
};

/**
 * The request of an action on a member of role-sync's API (openapi.yaml): method, path and body. `room` is
 * `{ app, room }`; its app goes as the `app` query parameter, which role-sync's member actions take (without it
 * role-sync acts in its first configured app).
 */
export function actionRequest(action, room, user, seconds) {
  const member = (verb) => roomPath('/v1/rooms', room, `/members/${encodeURIComponent(user)}/${verb}`);
  switch (action) {
    case 'MUTE': return { method: 'POST', path: member('mute'), body: { seconds, reason: 'operator console' } };
    case 'BAN': return { method: 'POST', path: member('ban'), body: { seconds, reason: 'operator console' } };
    case 'UNMUTE': return { method: 'POST', path: member('unmute'), body: { reason: 'operator console' } };
    case 'UNBAN': return { method: 'POST', path: member('unban'), body: { reason: 'operator console' } };
    case 'GRANT_ADMIN': return { method: 'POST', path: member('admin'), body: { reason: 'operator console' } };
    case 'REVOKE_ADMIN': return { method: 'DELETE', path: member('admin'), body: null };
    default: throw new Error(`unknown action ${action}`);
  }
}

const ACTION_WORDS = {
  MUTE: 'mute', UNMUTE: 'unmute', BAN: 'ban', UNBAN: 'unban', GRANT_ADMIN: 'make admin', REVOKE_ADMIN: 'revoke admin',
};

/** "mute viewer_1 for 10 min" */
export function describeAction(action, user, seconds) {
  const what = `${ACTION_WORDS[action] ?? action} ${user}`;
  return seconds ? `${what} for ${duration(seconds)}` : what;
}

/**
 * A command's outcome (GET /v1/commands/{id}) in words. Tencent's codes are from its server API error-code page
 * (trtc.io/document/34348); roomsync's own refusals are negative and carry their reason in errorInfo.
 */
export function outcomeWords(result) {
  if (result.outcome === 'APPLIED') {
    return 'applied';
  }
  const code = result.errorCode;
  const info = result.errorInfo ? `: ${result.errorInfo}` : '';
  if (code == null) {
    return `${result.outcome.toLowerCase()}${info}`;
  }
  if (code < 0) {
    return `refused by roomsync (${code})${info}`;
  }
  const verb = result.outcome === 'REJECTED' ? 'refused by Tencent' : 'failed in Tencent';
  return `${verb}: ${tencentWords(code, result.action)} (error ${code})`;
}

/** Tencent IM's error code in words, for the action that met it. */
export function tencentWords(code, action) {
  switch (code) {
    case 10004:
      return action === 'GRANT_ADMIN'
        ? 'a live room has at most 5 admins; revoke one first'
        : 'the request is not valid for this room (bad parameter, or not allowed in a live room)';
    case 10007: return 'no permission: the app\'s admin account may not do this here';
    case 10010: return 'the room does not exist in Tencent IM or was dissolved';
    case 10015: return 'the room id is not valid in Tencent IM';
    case 10002: case 70169: case 70500: return 'Tencent had an internal error; roomsync retried';
    case 10006: case 60007: case 60011: case 60018: case 60019: return 'Tencent\'s rate limit; roomsync retried and gave up';
    case 60008: return 'Tencent timed out';
    default: return 'Tencent refused';
  }
}

/** "4 min 10 s", "2 h 5 min", "3 d 4 h": a duration of whole seconds, two units at most. */
export function duration(seconds) {
  let s = Math.max(0, Math.round(seconds));
  const units = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]];
  const parts = [];
  for (const [name, size] of units) {
    if (s >= size && parts.length < 2) {
      parts.push(`${Math.floor(s / size)} ${name}`);
      s %= size;
    } else if (parts.length) {
      break;
    }
  }
  return parts.length ? parts.join(' ') : '0 s';
}

/** Time left of a mute or ban in force (`until` ISO text, `now` ms), or '' when none is. */
export function timeLeft(inForce, until, now) {
  if (!inForce || !until) {
    return '';
  }
  return `${duration((Date.parse(until) - now) / 1000)} left`;
}

/** Who made a member's last change (role-sync's changedBy), in the console's words. */
export function changedByWords(member) {
  switch (member.changedBy) {
    case 'operator': return 'an operator\'s command';
    case 'moderation': return 'moderation';
    case 'callback': return 'a Tencent callback';
    case 'reconcile': return 'reconcile with Tencent';
    case 'expiry': return 'expiry';
    case 'room-ended': return 'the room ended';
    default: return 'never changed';
  }
}

/**
 * The policy API's problems (400 {"problems": [...]}), by the field they are about: each problem starts with the
 * path of its value ("ladder[2].seconds: ..."), so the field is the path up to the first "[" or ".". Problems about
 * no field of `fields` go under "" (shown above the form).
 */
export function problemsByField(problems, fields) {
  const byField = new Map();
  for (const problem of problems) {
    const colon = problem.indexOf(':');
    const path = colon > 0 ? problem.slice(0, colon) : '';
    const name = path.split(/[.[]/)[0];
    const field = fields.includes(name) ? name : '';
    byField.set(field, [...(byField.get(field) ?? []), problem]);
  }
  return byField;
}

/** Policy fields the server sets, shown but never sent (docs/moderation.md). */
export const SERVER_FIELDS = ['sdkAppId', 'room', 'revision', 'updatedAt', 'updatedBy', 'inherited'];

/** The defaults of a policy (the ModerationPolicy schema), for a room and app that have none yet. */
export const DEFAULT_POLICY = {
  bannedTerms: [], bannedTermAction: 'MASK', rejectCode: 10100, rejectText: 'message refused by the room\'s rules',
  maxLength: 0, blockLinks: false, allowedDomains: [], blockContacts: false, floodMessages: 0, floodWindowSeconds: 10,
  repeatMessages: 0, repeatWindowSeconds: 60, waveMembers: 0, waveWindowSeconds: 60, ladder: [],
  offenceMemorySeconds: 86400, exemptAdmins: true,
};

/** A decision of the moderation feed in one line of words. */
export function decisionWords(d) {
  const verdict = { ALLOW: 'allowed', REJECT: 'rejected', DROP: 'dropped', MASK: 'masked', RECALL: 'recalled' }[d.verdict]
    ?? String(d.verdict).toLowerCase();
  const action = {
    NONE: '', WARN: ', sender warned', MUTE: `, sender muted${d.sanctionSeconds ? ` ${duration(d.sanctionSeconds)}` : ''}`,
    BAN: `, sender banned${d.sanctionSeconds ? ` ${duration(d.sanctionSeconds)}` : ''}`,
  }[d.action] ?? '';
  return `${d.member}: ${verdict} by ${d.rule}${action}`;
}

/** The largest count of a chart, at least 1 (so an empty chart has a scale). */
export function chartScale(minutes) {
  return Math.max(1, ...minutes.flatMap((m) => [m.decisions, m.recalls, m.sanctions]));
}
