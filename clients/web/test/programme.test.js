import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROGRAMME_KEY, livePosition, parseProgramme } from '../src/programme.js';

const START = Date.UTC(2026, 10, 30, 2, 0, 0);
const attributes = (value) => ({ [PROGRAMME_KEY]: JSON.stringify(value), 'rs.meta': '{}' });

test('a scheduled programme is read from the group attributes', () => {
  // Given the attributes of a room with a programme, When parsed, Then its URL, start, duration and version
  assert.deepEqual(parseProgramme(attributes({ v: 1, url: '/clip.webm', start: START, duration: 120, version: 3 })),
    { url: '/clip.webm', startMillis: START, durationSeconds: 120, version: 3 });
});

test('no programme, an unreadable one or one of a newer protocol is none', () => {
  assert.equal(parseProgramme({}), null);
  assert.equal(parseProgramme(undefined), null);
  assert.equal(parseProgramme({ [PROGRAMME_KEY]: '{not json' }), null);
  assert.equal(parseProgramme(attributes({ v: 2, url: '/clip.webm', start: START, duration: 120 })), null);
  assert.equal(parseProgramme(attributes({ v: 1, url: '/clip.webm', duration: 120 })), null);
});

test('the live position is now minus the start, corrected by the server offset', () => {
  const programme = { url: '/clip.webm', startMillis: START, durationSeconds: 120, version: 1 };
  // Given a client clock 90.5 s after the start, Then 90.5 s
  assert.equal(livePosition(programme, START + 90_500), 90.5);
  // Given a client clock 2 s behind the server's, Then the server's time counts
  assert.equal(livePosition(programme, START + 88_500, 2_000), 90.5);
});

test('before the start and from the end on there is no live position', () => {
  const programme = { url: '/clip.webm', startMillis: START, durationSeconds: 120, version: 1 };
  assert.equal(livePosition(programme, START - 1), null);
  assert.equal(livePosition(programme, START), 0);
  assert.equal(livePosition(programme, START + 120_000), null);
  assert.equal(livePosition(null, START), null);
});
