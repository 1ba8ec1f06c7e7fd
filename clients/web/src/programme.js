// The programme clock of a pseudo-live room: a recorded programme (video URL, start, duration) scheduled in the room
// and kept in its group attributes under rs.programme, so a viewer's page plays it "as live".

export const PROGRAMME_KEY = 'rs.programme';

/**
 * The programme in a group's attributes, or null when none is scheduled (or the entry is unreadable or of a newer
 * protocol): {url, startMillis, durationSeconds, version}.
 */
export function parseProgramme(attributes) {
  const raw = attributes?.[PROGRAMME_KEY];
  if (!raw) {
    return null;
  }
  let p;
  try {
    p = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!p || p.v !== 1 || typeof p.url !== 'string' || typeof p.start !== 'number' || typeof p.duration !== 'number') {
    return null;
  }
  return { url: p.url, startMillis: p.start, durationSeconds: p.duration, version: Number(p.version) || 0 };
}

/**
 * Where the live position is, in seconds into the programme: now − start, with `now` the client's clock corrected
 * by the server time offset (server − client, ms), clamped to [0, duration]. null before the start, and after the
 * end (the programme is over).
 */
export function livePosition(programme, clientNowMillis = Date.now(), serverOffsetMillis = 0) {
  if (!programme) {
    return null;
  }
  const seconds = (clientNowMillis + serverOffsetMillis - programme.startMillis) / 1000;
  if (seconds < 0 || seconds >= programme.durationSeconds) {
    return null;
  }
  return Math.min(Math.max(seconds, 0), programme.durationSeconds);
}
