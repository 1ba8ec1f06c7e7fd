import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  actionRequest, chartScale, changedByWords, decisionWords, describeAction, duration, outcomeWords, problemsByField,
  timeLeft, tokenClaims,
} from '../src/words.js';

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims) => `${b64url({ alg: 'RS256' })}.${b64url(claims)}.c2ln`;

test('a token gives its subject, scopes (scope or scp) and expiry', () => {
  const claims = tokenClaims(jwt({ sub: 'alice', scope: 'members:read decisions:read', exp: 1800000000 }));
  assert.equal(claims.subject, 'alice');
  assert.deepEqual([...claims.scopes], ['members:read', 'decisions:read']);
  assert.equal(claims.expiresAt.toISOString(), '2027-01-15T08:00:00.000Z');
  assert.deepEqual([...tokenClaims(jwt({ sub: 'b', scp: ['members:write'] })).scopes], ['members:write']);
  assert.throws(() => tokenClaims('not a token'), /three base64url parts/);
});

test('a sixth admin refused by Tencent reads in words', () => {
  const result = { outcome: 'REJECTED', action: 'GRANT_ADMIN', errorCode: 10004, errorInfo: 'a live room has at most 5 admins; it has 5 and 1 more were asked' };
  assert.equal(outcomeWords(result), 'refused by Tencent: a live room has at most 5 admins; revoke one first (error 10004)');
  assert.equal(outcomeWords({ outcome: 'APPLIED' }), 'applied');
  assert.equal(outcomeWords({ outcome: 'REJECTED', action: 'MUTE', errorCode: 10004 }),
    'refused by Tencent: the request is not valid for this room (bad parameter, or not allowed in a live room) (error 10004)');
  assert.equal(outcomeWords({ outcome: 'FAILED', action: 'BAN', errorCode: 10010 }),
    'failed in Tencent: the room does not exist in Tencent IM or was dissolved (error 10010)');
  assert.equal(outcomeWords({ outcome: 'REJECTED', action: 'MUTE', errorCode: -17, errorInfo: 'the room has ended' }),
    'refused by roomsync (-17): the room has ended');
});

test('actions are the API\'s requests, for the room\'s own IM app', () => {
  assert.deepEqual(actionRequest('MUTE', { app: 1400000002, room: 'live 1' }, 'viewer_1', 600),
    { method: 'POST', path: '/v1/rooms/live%201/members/viewer_1/mute?app=1400000002', body: { seconds: 600, reason: 'operator console' } });
  assert.deepEqual(actionRequest('REVOKE_ADMIN', { app: 1400000001, room: 'live_1' }, 'mod', null),
    { method: 'DELETE', path: '/v1/rooms/live_1/members/mod/admin?app=1400000001', body: null });
  assert.equal(describeAction('MUTE', 'viewer_1', 600), 'mute viewer_1 for 10 min');
  assert.equal(describeAction('GRANT_ADMIN', 'u6', null), 'make admin u6');
});

test('durations and time left read in two units at most', () => {
  assert.equal(duration(0), '0 s');
  assert.equal(duration(250), '4 min 10 s');
  assert.equal(duration(7500), '2 h 5 min');
  assert.equal(duration(86400 * 3 + 3600 * 4 + 59), '3 d 4 h');
  assert.equal(timeLeft(true, '2026-11-30T02:10:00Z', Date.parse('2026-11-30T02:00:00Z')), '10 min left');
  assert.equal(timeLeft(false, '2026-11-30T02:10:00Z', Date.parse('2026-11-30T02:00:00Z')), '');
});

test('who changed a member last reads in words', () => {
  assert.equal(changedByWords({ changedBy: 'moderation' }), 'moderation');
  assert.equal(changedByWords({ changedBy: 'callback' }), 'a Tencent callback');
  assert.equal(changedByWords({ changedBy: 'none' }), 'never changed');
});

test('the policy API\'s problems go to their fields, others above the form', () => {
  const byField = problemsByField([
    'rejectCode: between 10100 and 10200 (Tencent passes only those to the sender), got 99',
    'ladder[1].seconds: a whole number',
    'policy: the record is 600000 bytes, over MAX_POLICY_BYTES (524288)',
  ], ['rejectCode', 'ladder']);
  assert.deepEqual(byField.get('rejectCode'), ['rejectCode: between 10100 and 10200 (Tencent passes only those to the sender), got 99']);
  assert.deepEqual(byField.get('ladder'), ['ladder[1].seconds: a whole number']);
  assert.deepEqual(byField.get(''), ['policy: the record is 600000 bytes, over MAX_POLICY_BYTES (524288)']);
});

test('a decision reads as one line; a chart has a scale of at least 1', () => {
  assert.equal(decisionWords({ member: 'viewer_3', verdict: 'RECALL', rule: 'flood', action: 'MUTE', sanctionSeconds: 600 }),
    'viewer_3: recalled by flood, sender muted 10 min');
  assert.equal(decisionWords({ member: 'v', verdict: 'MASK', rule: 'banned-words', action: 'NONE' }), 'v: masked by banned-words');
  assert.equal(chartScale([]), 1);
  assert.equal(chartScale([{ decisions: 3, recalls: 1, sanctions: 4 }]), 4);
});
