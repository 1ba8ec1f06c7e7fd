import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  createRoomsync, MemberStore, NOTICE_DESC, parseNotice, parseSnapshot,
} from '../src/index.js';

const ROOM = 'live_8812';

function noticeMessage(notice, { to = ROOM, description = NOTICE_DESC, from = 'administrator' } = {}) {
  return { from, to, type: 'TIMCustomElem', payload: { description, data: JSON.stringify(notice) } };
}

function memberNotice(user, fields) {
  return {
    type: 'member.state', v: 1, room: ROOM, user, role: 'MEMBER', mutedUntil: null, bannedUntil: null, ...fields,
  };
}

function snapshotAttributes(snapshot, parts, { truncated = false } = {}) {
  const attributes = {
    'rs.meta': JSON.stringify({
      v: 1, room: ROOM, snapshot, parts: parts.length, members: parts.flat().length, truncated, at: 0,
    }),
  };
  parts.forEach((part, i) => { attributes[`rs.p${i}`] = JSON.stringify(part); });
  return attributes;
}

test('given a single-member notice, when parsed, then it yields that member entry', () => {
  const parsed = parseNotice(noticeMessage(memberNotice('alice', { role: 'ADMIN', version: 7 })));

  assert.deepEqual(parsed, {
    room: ROOM,
    members: [{ user: 'alice', role: 'ADMIN', mutedUntil: null, bannedUntil: null, version: 7 }],
  });
});

test('given a batch notice, when parsed, then it yields every member in order', () => {
  const parsed = parseNotice(noticeMessage({
    type: 'member.state.batch',
    v: 1,
    room: ROOM,
    members: [
      { user: 'alice', role: 'ADMIN', mutedUntil: null, bannedUntil: null, version: 7 },
      { user: 'bob', role: 'MEMBER', mutedUntil: 1764064860000, bannedUntil: null, version: 3 },
    ],
  }));

  assert.deepEqual(parsed.members.map((m) => [m.user, m.role, m.mutedUntil, m.version]), [
    ['alice', 'ADMIN', null, 7],
    ['bob', 'MEMBER', 1764064860000, 3],
  ]);
});

test('given messages that are not roomsync member notices, when parsed, then each is ignored', () => {
  const ignored = [
    null,
    { type: 'TIMTextElem', payload: { text: 'hello' } },
    noticeMessage(memberNotice('alice', { version: 1 }), { description: 'quiz.started' }),
    { type: 'TIMCustomElem', payload: { description: NOTICE_DESC, data: '{not json' } },
    noticeMessage({ ...memberNotice('alice', { version: 1 }), v: 2 }),
    noticeMessage({ type: 'member.unknown', v: 1, room: ROOM }),
  ];

  assert.deepEqual(ignored.map(parseNotice), [null, null, null, null, null, null]);
});

test('given an unknown role, when parsed, then the member is a plain member (least privilege)', () => {
  const parsed = parseNotice(noticeMessage(memberNotice('alice', { role: 'SUPERUSER', version: 2 })));

  assert.equal(parsed.members[0].role, 'MEMBER');
});

test('given a store, when versions arrive out of order and twice, then only newer versions apply', () => {
  const store = new MemberStore();
  const changes = [];
  store.onChange((change) => changes.push([change.user, change.current.role, change.current.version]));

  const applied = [
    store.apply({ user: 'alice', role: 'ADMIN', mutedUntil: null, bannedUntil: null, version: 2 }),
    store.apply({ user: 'alice', role: 'MEMBER', mutedUntil: null, bannedUntil: null, version: 1 }),
    store.apply({ user: 'alice', role: 'ADMIN', mutedUntil: null, bannedUntil: null, version: 2 }),
    store.apply({ user: 'alice', role: 'MEMBER', mutedUntil: 5000, bannedUntil: null, version: 3 }),
  ];

  assert.deepEqual(applied, [true, false, false, true]);
  assert.deepEqual(changes, [['alice', 'ADMIN', 2], ['alice', 'MEMBER', 3]]);
  assert.equal(store.isAdmin('alice'), false);
  assert.equal(store.isMuted('alice', 4999), true);
  assert.equal(store.isMuted('alice', 5000), false);
});

test('given an unknown member, when asked, then it is a plain member at version 0', () => {
  const store = new MemberStore();

  assert.deepEqual(store.get('nobody'), { role: 'MEMBER', mutedUntil: null, bannedUntil: null, version: 0 });
  assert.equal(store.isBanned('nobody'), false);
});

test('given snapshot attributes in parts, when parsed, then members of every part are returned', () => {
  const snapshot = parseSnapshot(snapshotAttributes(42, [
    [{ u: 'alice', r: 'ADMIN', m: null, b: null, v: 7 }],
    [{ u: 'bob', r: 'MEMBER', m: 9000, b: null, v: 3 }, { u: 'carol', r: 'MEMBER', m: null, b: 9000, v: 1 }],
  ]));

  assert.equal(snapshot.snapshot, 42);
  assert.equal(snapshot.truncated, false);
  assert.deepEqual(snapshot.members, [
    { user: 'alice', role: 'ADMIN', mutedUntil: null, bannedUntil: null, version: 7 },
    { user: 'bob', role: 'MEMBER', mutedUntil: 9000, bannedUntil: null, version: 3 },
    { user: 'carol', role: 'MEMBER', mutedUntil: null, bannedUntil: 9000, version: 1 },
  ]);
});

test('given attributes without a snapshot or of a newer protocol, when parsed, then there is none', () => {
  assert.equal(parseSnapshot({}), null);
  assert.equal(parseSnapshot(undefined), null);
  assert.equal(parseSnapshot({ 'rs.meta': JSON.stringify({ v: 9, snapshot: 1, parts: 0 }) }), null);
});

test('given a notable member absent from a newer snapshot, when applied, then the member is reset keeping its version', () => {
  const store = new MemberStore();
  store.apply({ user: 'alice', role: 'ADMIN', mutedUntil: null, bannedUntil: null, version: 4 });
  store.apply({ user: 'bob', role: 'MEMBER', mutedUntil: 10_000, bannedUntil: null, version: 2 });

  const applied = store.applySnapshot(parseSnapshot(snapshotAttributes(5, [
    [{ u: 'bob', r: 'MEMBER', m: 10_000, b: null, v: 2 }],
  ])), 1000);

  assert.equal(applied, true);
  assert.deepEqual(store.get('alice'), { role: 'MEMBER', mutedUntil: null, bannedUntil: null, version: 4 });
  assert.equal(store.isMuted('bob', 1000), true);
  assert.equal(store.apply({ user: 'alice', role: 'ADMIN', mutedUntil: null, bannedUntil: null, version: 5 }), true);
});

test('given a truncated snapshot, when applied, then absent members are kept as they are', () => {
  const store = new MemberStore();
  store.apply({ user: 'alice', role: 'ADMIN', mutedUntil: null, bannedUntil: null, version: 4 });

  store.applySnapshot(parseSnapshot(snapshotAttributes(5, [[]], { truncated: true })), 1000);

  assert.equal(store.isAdmin('alice'), true);
});

test('given a snapshot not newer than the last applied, when applied, then nothing changes', () => {
  const store = new MemberStore();
  store.applySnapshot(parseSnapshot(snapshotAttributes(8, [[{ u: 'alice', r: 'ADMIN', m: null, b: null, v: 4 }]])));

  const applied = store.applySnapshot(parseSnapshot(snapshotAttributes(7, [[]])));

  assert.equal(applied, false);
  assert.equal(store.isAdmin('alice'), true);
});

/** A stand-in for the chat SDK instance: only what createRoomsync touches (events and getGroupAttributes). */
class FakeChat {
  constructor(attributes) {
    this.attributes = attributes;
    this.handlers = new Map();
  }

  on(name, handler) {
    this.handlers.set(name, handler);
  }

  off(name, handler) {
    if (this.handlers.get(name) === handler) {
      this.handlers.delete(name);
    }
  }

  emit(name, data) {
    this.handlers.get(name)?.({ name, data });
  }

  async getGroupAttributes({ groupID }) {
    return { code: 0, data: { groupAttributes: this.attributes[groupID] || {} } };
  }
}

const SDK = {
  EVENT: {
    MESSAGE_RECEIVED: 'onMessageReceived',
    GROUP_ATTRIBUTES_UPDATED: 'groupAttributesUpdated',
    NET_STATE_CHANGE: 'netStateChange',
  },
  TYPES: { NET_STATE_CONNECTED: 'connected' },
};

test('given an attached room, when notices for it and for another room arrive, then only its own apply', () => {
  const chat = new FakeChat({});
  const roomsync = createRoomsync({ chat, TencentCloudChat: SDK, groupID: ROOM });
  roomsync.attach();

  chat.emit(SDK.EVENT.MESSAGE_RECEIVED, [
    noticeMessage(memberNotice('alice', { role: 'ADMIN', version: 1 })),
    noticeMessage({ ...memberNotice('bob', { role: 'ADMIN', version: 1 }), room: 'other' }, { to: 'other' }),
    { to: ROOM, type: 'TIMTextElem', payload: { text: 'hi' } },
  ]);

  assert.equal(roomsync.store.isAdmin('alice'), true);
  assert.equal(roomsync.store.isAdmin('bob'), false);
});

test('given an attached room, when a member sends a custom message shaped as a notice, then it changes no one', () => {
  const chat = new FakeChat({});
  const roomsync = createRoomsync({ chat, TencentCloudChat: SDK, groupID: ROOM });
  roomsync.attach();

  chat.emit(SDK.EVENT.MESSAGE_RECEIVED, [
    noticeMessage(memberNotice('bob', { role: 'ADMIN', mutedUntil: 9e15, version: 9e15 }), { from: 'viewer_7' }),
    noticeMessage(memberNotice('alice', { role: 'ADMIN', version: 1 })),
  ]);

  assert.deepEqual(roomsync.store.get('bob'), { role: 'MEMBER', mutedUntil: null, bannedUntil: null, version: 0 });
  assert.equal(roomsync.store.isAdmin('alice'), true);
});

test('given an app whose admin identifier is not the default, when its notices arrive, then they apply for the configured sender only', () => {
  const chat = new FakeChat({});
  const roomsync = createRoomsync({ chat, TencentCloudChat: SDK, groupID: ROOM, noticeSenders: ['im_admin'] });
  roomsync.attach();

  chat.emit(SDK.EVENT.MESSAGE_RECEIVED, [
    noticeMessage(memberNotice('alice', { role: 'ADMIN', version: 1 }), { from: 'im_admin' }),
    noticeMessage(memberNotice('bob', { role: 'ADMIN', version: 1 })),
  ]);

  assert.equal(roomsync.store.isAdmin('alice'), true);
  assert.deepEqual(roomsync.store.get('bob'), { role: 'MEMBER', mutedUntil: null, bannedUntil: null, version: 0 });
});

test('given a joined room, when catching up, then the snapshot in the group attributes is applied', async () => {
  const chat = new FakeChat({
    [ROOM]: snapshotAttributes(3, [[{ u: 'alice', r: 'ADMIN', m: null, b: null, v: 9 }]]),
  });
  const roomsync = createRoomsync({ chat, TencentCloudChat: SDK, groupID: ROOM });

  const applied = await roomsync.catchUp();

  assert.equal(applied, true);
  assert.deepEqual(roomsync.store.get('alice'), { role: 'ADMIN', mutedUntil: null, bannedUntil: null, version: 9 });
});

test('given an attached room, when the snapshot is rewritten, then the update event applies it', () => {
  const chat = new FakeChat({});
  const roomsync = createRoomsync({ chat, TencentCloudChat: SDK, groupID: ROOM });
  roomsync.attach();

  chat.emit(SDK.EVENT.GROUP_ATTRIBUTES_UPDATED, {
    groupID: ROOM,
    groupAttributes: snapshotAttributes(1, [[{ u: 'bob', r: 'MEMBER', m: null, b: 99_999_999_999_999, v: 2 }]]),
  });

  assert.equal(roomsync.store.isBanned('bob'), true);
});

test('given an attached room, when the network reconnects, then it catches up from the snapshot', async () => {
  const chat = new FakeChat({
    [ROOM]: snapshotAttributes(2, [[{ u: 'carol', r: 'OWNER', m: null, b: null, v: 1 }]]),
  });
  const roomsync = createRoomsync({ chat, TencentCloudChat: SDK, groupID: ROOM });
  const changed = new Promise((resolve) => roomsync.store.onChange(resolve));
  roomsync.attach();

  chat.emit(SDK.EVENT.NET_STATE_CHANGE, { state: 'connected' });

  const change = await changed;
  assert.equal(change.user, 'carol');
  assert.equal(change.source, 'snapshot');
});

test('given a room Tencent dismissed, when it is created again with the same id, then its version 1 applies', () => {
  const chat = new FakeChat({});
  const roomsync = createRoomsync({ chat, TencentCloudChat: SDK, groupID: ROOM });
  roomsync.attach();
  chat.emit(SDK.EVENT.MESSAGE_RECEIVED, [noticeMessage(memberNotice('alice', { role: 'ADMIN', version: 4 }))]);
  roomsync.store.applySnapshot(parseSnapshot(snapshotAttributes(9, [[{ u: 'alice', r: 'ADMIN', m: null, b: null, v: 4 }]])));
  const changes = [];
  roomsync.store.onChange((change) => changes.push(change));

  chat.emit(SDK.EVENT.MESSAGE_RECEIVED, [
    { to: 'me', type: 'TIMGroupSystemNoticeElem', payload: { operationType: 5, groupProfile: { groupID: 'other' } } },
    { to: 'me', type: 'TIMGroupSystemNoticeElem', payload: { operationType: 5, groupProfile: { groupID: ROOM } } },
  ]);
  chat.emit(SDK.EVENT.MESSAGE_RECEIVED, [noticeMessage(memberNotice('bob', { mutedUntil: 99_999_999_999_999, version: 1 }))]);
  const snapshotApplied = roomsync.store.applySnapshot(parseSnapshot(snapshotAttributes(1, [[{ u: 'bob', r: 'MEMBER', m: 99_999_999_999_999, b: null, v: 1 }]])));

  assert.deepEqual(changes.map((c) => `${c.user} ${c.source} v${c.current.version}`), ['alice dismissed v0', 'bob notice v1']);
  assert.equal(roomsync.store.isAdmin('alice'), false);
  assert.equal(roomsync.store.isMuted('bob'), true);
  assert.equal(snapshotApplied, true);
});

test('given a detached room, when notices arrive, then nothing applies', () => {
  const chat = new FakeChat({});
  const roomsync = createRoomsync({ chat, TencentCloudChat: SDK, groupID: ROOM });
  const detach = roomsync.attach();

  detach();
  chat.emit(SDK.EVENT.MESSAGE_RECEIVED, [noticeMessage(memberNotice('alice', { role: 'ADMIN', version: 1 }))]);

  assert.equal(roomsync.store.isAdmin('alice'), false);
  assert.equal(chat.handlers.size, 0);
});

/**
 * Messages in the shape the Web SDK hands to MESSAGE_RECEIVED (fields per its Message reference): chat, a notice, a
 * batch, the same notice again (a resend), an older version arriving late, another room's notice, another service's
 * custom message, a group tip and a notice of a protocol version this client does not know.
 */
const RECEIVED = JSON.parse(readFileSync(new URL('./fixtures/received-messages.json', import.meta.url), 'utf8'));

test('given the received messages of a live room, when handled, then the store holds the newest state of each member', () => {
  const chat = new FakeChat({});
  const roomsync = createRoomsync({ chat, TencentCloudChat: SDK, groupID: ROOM });
  const changes = [];
  roomsync.store.onChange((change) => changes.push(`${change.user}@${change.current.version}`));
  roomsync.attach();

  chat.emit(SDK.EVENT.MESSAGE_RECEIVED, RECEIVED);

  assert.deepEqual(changes, ['alice@1', 'bob@2', 'carol@1']);
  assert.equal(roomsync.store.isAdmin('alice'), true);
  assert.equal(roomsync.store.isMuted('bob', Date.UTC(2026, 0, 1)), true);
  assert.equal(roomsync.store.isBanned('carol', Date.UTC(2026, 0, 1)), true);
  assert.equal(roomsync.store.isAdmin('dave'), false);
  assert.equal(roomsync.store.isAdmin('erin'), false);
});
