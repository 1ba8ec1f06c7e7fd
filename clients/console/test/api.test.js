import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApi, roomPath } from '../src/api.js';

// Every request the console sends, as fetch received it; each is answered 200 with `answer`.
let sent;
let answer;
const realFetch = globalThis.fetch;
beforeEach(() => {
  sent = [];
  answer = '{}';
  globalThis.fetch = async (url, init) => {
    sent.push({ url, method: init.method, body: init.body });
    return new Response(answer, { status: 200 });
  };
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

const api = () => createApi({ roleSync: 'http://rs', moderation: 'http://mod' }, () => 't');
// Two apps hold a room with the same id; the console opened the second app's.
const room = { app: 1400000002, room: 'live 1' };

test('a room path names the room\'s app', () => {
  assert.equal(roomPath('/v1/rooms', room, '/members'), '/v1/rooms/live%201/members?app=1400000002');
  assert.equal(roomPath('/v1/rooms', room, '/decisions', { limit: 50 }), '/v1/rooms/live%201/decisions?limit=50&app=1400000002');
  assert.equal(roomPath('/v1/policies', { app: 1400000002, room: '*' }), '/v1/policies/*?app=1400000002');
});

test('every call about a room sends the room\'s app', async () => {
  // Given the console opened room "live 1" of app 1400000002
  const calls = api();
  // When it reads and acts on the room
  await calls.members(room);
  await calls.reconcile(room);
  await calls.decisions(room, 50);
  await calls.perMinute(room, 30);
  await calls.policy(room);
  await calls.savePolicy({ app: 1400000002, room: '*' }, { enabled: true });
  // Then each request names app 1400000002
  assert.deepEqual(sent.map(({ method, url }) => `${method} ${url}`), [
    'GET http://rs/v1/rooms/live%201/members?app=1400000002',
    'POST http://rs/v1/rooms/live%201/reconcile?app=1400000002',
    'GET http://mod/v1/rooms/live%201/decisions?limit=50&app=1400000002',
    'GET http://mod/v1/rooms/live%201/decisions/per-minute?minutes=30&app=1400000002',
    'GET http://mod/v1/policies/live%201?app=1400000002',
    'PUT http://mod/v1/policies/*?app=1400000002',
  ]);
  assert.equal(sent[5].body, '{"enabled":true}');
});

test('the rooms list sends only the search fields set', async () => {
  answer = '[]';
  await api().rooms({ room: 'live', user: '', limit: 200 });
  assert.deepEqual(sent.map(({ url }) => url), ['http://rs/v1/rooms?room=live&limit=200']);
});
