// roomsync for web clients: the notice protocol of docs/notice-protocol.md.
//
// A client applies a member's entry only when its version is higher than the one it holds, so notices that arrive
// twice, late or out of order are harmless. After joining or reconnecting it catches up from the room snapshot kept
// in the group's custom attributes.

export const NOTICE_DESC = 'roomsync.member.state';
export const PROTOCOL_VERSION = 1;

const PLAIN = Object.freeze({ role: 'MEMBER', mutedUntil: null, bannedUntil: null, version: 0 });
const ROLES = new Set(['MEMBER', 'ADMIN', 'OWNER']);

/** The notice in a received message, or null when the message is not a roomsync member notice. */
export function parseNotice(message) {
  if (!message || message.type !== 'TIMCustomElem' || !message.payload
      || message.payload.description !== NOTICE_DESC) {
    return null;
  }
  let notice;
  try {
    notice = JSON.parse(message.payload.data);
  } catch {
    return null;
  }
  if (!notice || typeof notice.v !== 'number' || notice.v > PROTOCOL_VERSION) {
    return null;
  }
  if (notice.type === 'member.state') {
    return { room: notice.room, members: [entry(notice)] };
  }
  if (notice.type === 'member.state.batch' && Array.isArray(notice.members)) {
    return { room: notice.room, members: notice.members.map(entry) };
  }
  return null;
}

/** The snapshot in a group's attributes (rs.meta, rs.p0..), or null when there is none. */
export function parseSnapshot(attributes) {
  if (!attributes || !attributes['rs.meta']) {
    return null;
  }
  let meta;
  try {
    meta = JSON.parse(attributes['rs.meta']);
  } catch {
    return null;
  }
  if (typeof meta.v !== 'number' || meta.v > PROTOCOL_VERSION) {
    return null;
  }
  const members = [];
  for (let i = 0; i < (meta.parts || 0); i += 1) {
    const part = attributes[`rs.p${i}`];
    if (!part) {
      continue;
    }
    for (const e of JSON.parse(part)) {
      members.push({ user: e.u, role: e.r, mutedUntil: e.m ?? null, bannedUntil: e.b ?? null, version: e.v });
    }
  }
  return { room: meta.room, snapshot: meta.snapshot, truncated: meta.truncated === true, members };
}

function entry(raw) {
  return {
    user: raw.user,
    role: ROLES.has(raw.role) ? raw.role : 'MEMBER',
    mutedUntil: raw.mutedUntil ?? null,
    bannedUntil: raw.bannedUntil ?? null,
    version: Number(raw.version) || 0,
  };
}

function notable(state, now) {
  return state.role !== 'MEMBER' || (state.mutedUntil != null && state.mutedUntil > now)
    || (state.bannedUntil != null && state.bannedUntil > now);
}

/** The members of one room as this client knows them, by version. */
export class MemberStore {
  constructor() {
    this.members = new Map();
    this.listeners = new Set();
    this.snapshot = 0;
  }

  /** Called with {user, previous, current, source} for every change applied. Returns a function that unsubscribes. */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(user) {
    return this.members.get(user) || PLAIN;
  }

  role(user) {
    return this.get(user).role;
  }

  isAdmin(user) {
    const role = this.role(user);
    return role === 'ADMIN' || role === 'OWNER';
  }

  isMuted(user, now = Date.now()) {
    const until = this.get(user).mutedUntil;
    return until != null && until > now;
  }

  isBanned(user, now = Date.now()) {
    const until = this.get(user).bannedUntil;
    return until != null && until > now;
  }

  /** Applies one member's entry if its version is newer; returns whether it did. */
  apply(member, source = 'notice') {
    const previous = this.get(member.user);
    if (!(member.version > previous.version)) {
      return false;
    }
    const current = Object.freeze({
      role: member.role, mutedUntil: member.mutedUntil, bannedUntil: member.bannedUntil, version: member.version,
    });
    this.members.set(member.user, current);
    this.emit({ user: member.user, previous, current, source });
    return true;
  }

  /**
   * Applies a room snapshot: its entries by version; a member held as notable but absent from a newer snapshot is no
   * longer notable, and is reset to a plain member with the version it had. Returns whether the snapshot was newer.
   */
  applySnapshot(snapshot, now = Date.now()) {
    if (!snapshot || snapshot.snapshot <= this.snapshot) {
      return false;
    }
    this.snapshot = snapshot.snapshot;
    const present = new Set();
    for (const member of snapshot.members) {
      present.add(member.user);
      this.apply(member, 'snapshot');
    }
    if (!snapshot.truncated) {
      for (const [user, state] of this.members) {
        if (!present.has(user) && notable(state, now)) {
          const current = Object.freeze({ ...PLAIN, version: state.version });
          this.members.set(user, current);
          this.emit({ user, previous: state, current, source: 'snapshot' });
        }
      }
    }
    return true;
  }

  /**
   * Forgets the room (Tencent dismissed the group): every member held goes back to a plain member at version 0, and
   * the snapshot number to 0, so a new room Tencent creates with the same id (versions and snapshots from 1 again) is
   * applied. Emits a change with source 'dismissed' for each member that was held.
   */
  clear() {
    const held = [...this.members];
    this.members.clear();
    this.snapshot = 0;
    for (const [user, previous] of held) {
      this.emit({ user, previous, current: PLAIN, source: 'dismissed' });
    }
  }

  emit(change) {
    for (const listener of this.listeners) {
      listener(change);
    }
  }
}

/** Tencent's group system notice types that end a group: 5 dismissed, 11 recycled (Web SDK, operationType). */
const GROUP_ENDED = new Set([5, 11]);

/**
 * Whether a received message is Tencent's group system notice that the room ended (dismissed or recycled): roomsync
 * sends nothing then, and a room created again with the same id starts its versions at 1.
 */
function endsRoom(message, TencentCloudChat, groupID) {
  const type = TencentCloudChat.TYPES?.MSG_GRP_SYS_NOTICE || 'TIMGroupSystemNoticeElem';
  return message.type === type && GROUP_ENDED.has(message.payload?.operationType)
    && message.payload?.groupProfile?.groupID === groupID;
}

/**
 * Wires a MemberStore to a chat instance (tim-js-sdk or @tencentcloud/chat) for one live room: notices among received
 * messages, snapshot updates, and a catch-up after join and after the network comes back.
 *
 * @param options.chat            the SDK instance (after create and login)
 * @param options.TencentCloudChat the SDK namespace (for EVENT and NET_STATE names)
 * @param options.groupID         the live room
 * @param options.noticeSenders   who may send member notices: the app admin identifier(s) notice-dispatch sends as
 *                                (default ['administrator'], roomsync's default ROOMSYNC_IM_ADMIN_IDENTIFIER). A notice
 *                                from anyone else is ignored: any member can send a custom message with the notice's
 *                                description, and would otherwise set other members' state on every page.
 */
export function createRoomsync({ chat, TencentCloudChat, groupID, noticeSenders = ['administrator'] }) {
  const store = new MemberStore();
  const senders = new Set(noticeSenders);
  const EVENT = TencentCloudChat.EVENT;

  const handleMessages = (messages) => {
    let applied = 0;
    for (const message of messages) {
      if (endsRoom(message, TencentCloudChat, groupID)) {
        store.clear();
        continue;
      }
      if (message.to && message.to !== groupID) {
        continue;
      }
      const notice = senders.has(message.from) ? parseNotice(message) : null;
      if (notice && (!notice.room || notice.room === groupID)) {
        for (const member of notice.members) {
          applied += store.apply(member) ? 1 : 0;
        }
      }
    }
    return applied;
  };

  const catchUp = async () => {
    const response = await chat.getGroupAttributes({ groupID, keyList: [] });
    return store.applySnapshot(parseSnapshot(response?.data?.groupAttributes));
  };

  const onMessages = (event) => handleMessages(event.data || []);
  const onAttributes = (event) => {
    if (event.data && event.data.groupID === groupID) {
      store.applySnapshot(parseSnapshot(event.data.groupAttributes));
    }
  };
  const onNetwork = (event) => {
    if (event.data && event.data.state === TencentCloudChat.TYPES?.NET_STATE_CONNECTED) {
      catchUp().catch(() => {});
    }
  };

  const attach = () => {
    chat.on(EVENT.MESSAGE_RECEIVED, onMessages);
    if (EVENT.GROUP_ATTRIBUTES_UPDATED) {
      chat.on(EVENT.GROUP_ATTRIBUTES_UPDATED, onAttributes);
    }
    if (EVENT.NET_STATE_CHANGE) {
      chat.on(EVENT.NET_STATE_CHANGE, onNetwork);
    }
    return () => {
      chat.off(EVENT.MESSAGE_RECEIVED, onMessages);
      if (EVENT.GROUP_ATTRIBUTES_UPDATED) {
        chat.off(EVENT.GROUP_ATTRIBUTES_UPDATED, onAttributes);
      }
      if (EVENT.NET_STATE_CHANGE) {
        chat.off(EVENT.NET_STATE_CHANGE, onNetwork);
      }
    };
  };

  return { store, handleMessages, catchUp, attach };
}
