// The subset of @tencentcloud/chat that roomsync's web client and its demo page use, on the Tencent IM emulator
// (tools/tim-emulator, its /client/v1 protocol) instead of Tencent's servers. Development and tests only: in
// production the same code gets the real SDK (`import TencentCloudChat from '@tencentcloud/chat'`).
//
// Shapes follow the Web SDK: events deliver {name, data}; MESSAGE_RECEIVED's data is a Message[] with type, payload,
// from, to, time, sequence; calls resolve {code: 0, data} and reject with {code, message} (Tencent's error codes:
// 10017 muted, 10007 not in the group or banned, 70001 UserSig expired, ...).

const EVENT = Object.freeze({
  SDK_READY: 'sdkStateReady',
  MESSAGE_RECEIVED: 'onMessageReceived',
  GROUP_ATTRIBUTES_UPDATED: 'groupAttributesUpdated',
  NET_STATE_CHANGE: 'netStateChange',
});

const TYPES = Object.freeze({
  MSG_TEXT: 'TIMTextElem',
  MSG_CUSTOM: 'TIMCustomElem',
  MSG_GRP_SYS_NOTICE: 'TIMGroupSystemNoticeElem',
  CONV_GROUP: 'GROUP',
  GRP_AVCHATROOM: 'AVChatRoom',
  NET_STATE_CONNECTED: 'connected',
  NET_STATE_CONNECTING: 'connecting',
  NET_STATE_DISCONNECTED: 'disconnected',
});

/** How long a failed poll waits before the next, in ms. */
const RETRY_MILLIS = 1000;

class EmulatorChat {
  constructor({ SDKAppID, baseUrl = globalThis.location?.origin }) {
    this.appID = SDKAppID;
    this.baseUrl = baseUrl;
    this.listeners = new Map();
    this.user = null;
    this.attributes = new Map();
    /** The server's clock minus the page's (ms), measured at login; 0 before. Not part of the SDK. */
    this.serverOffsetMillis = 0;
  }

  on(name, listener) {
    if (!this.listeners.has(name)) {
      this.listeners.set(name, new Set());
    }
    this.listeners.get(name).add(listener);
  }

  off(name, listener) {
    this.listeners.get(name)?.delete(listener);
  }

  emit(name, data) {
    for (const listener of this.listeners.get(name) || []) {
      try {
        listener({ name, data });
      } catch (error) {
        console.error(`listener of ${name} failed`, error);
      }
    }
  }

  async call(method, path, body, query = {}) {
    const params = new URLSearchParams({ sdkAppID: this.appID, userID: this.user.userID, userSig: this.user.userSig, ...query });
    const response = await fetch(`${this.baseUrl}/client/v1/${path}?${params}`, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const reply = await response.json();
    if (reply.code !== 0) {
      throw { code: reply.code, message: reply.message };
    }
    return { code: 0, data: reply.data };
  }

  /** Logs in (the UserSig is checked on every call) and starts receiving; SDK_READY follows the first poll. */
  async login({ userID, userSig }) {
    this.user = { userID, userSig };
    const sent = Date.now();
    const first = await this.call('GET', 'poll', null, { after: -1, cursor: -1 });
    // The server's clock minus this one, taking the answer's time as the middle of the round trip.
    this.serverOffsetMillis = first.data.serverTime - (sent + Date.now()) / 2;
    this.loggedIn = true;
    this.receive(first.data);
    this.emit(EVENT.SDK_READY, {});
    this.pollLoop(first.data.after, first.data.cursor);
    return { code: 0, data: {} };
  }

  async logout() {
    this.loggedIn = false;
    return { code: 0, data: {} };
  }

  async pollLoop(after, cursor) {
    let connected = true;
    while (this.loggedIn) {
      try {
        const { data } = await this.call('GET', 'poll', null, { after, cursor, wait: 20000 });
        if (!connected) {
          connected = true;
          this.emit(EVENT.NET_STATE_CHANGE, { state: TYPES.NET_STATE_CONNECTED });
        }
        after = data.after;
        cursor = data.cursor;
        this.receive(data);
      } catch (error) {
        if (connected) {
          connected = false;
          this.emit(EVENT.NET_STATE_CHANGE, { state: TYPES.NET_STATE_DISCONNECTED });
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MILLIS));
      }
    }
  }

  receive(data) {
    if (data.messages?.length) {
      this.emit(EVENT.MESSAGE_RECEIVED, data.messages);
    }
    for (const [groupID, groupAttributes] of Object.entries(data.groupAttributes || {})) {
      const text = JSON.stringify(groupAttributes);
      if (this.attributes.has(groupID) && this.attributes.get(groupID) !== text) {
        this.emit(EVENT.GROUP_ATTRIBUTES_UPDATED, { groupID, groupAttributes });
      }
      this.attributes.set(groupID, text);
    }
  }

  /** Joins; the group's attributes then are the baseline GROUP_ATTRIBUTES_UPDATED reports changes from. */
  async joinGroup({ groupID }) {
    const joined = await this.call('POST', `groups/${encodeURIComponent(groupID)}/join`, {});
    const { data } = await this.getGroupAttributes({ groupID });
    if (!this.attributes.has(groupID)) {
      this.attributes.set(groupID, JSON.stringify(data.groupAttributes));
    }
    return joined;
  }

  quitGroup(groupID) {
    this.attributes.delete(groupID);
    return this.call('POST', `groups/${encodeURIComponent(groupID)}/quit`, {});
  }

  getGroupAttributes({ groupID }) {
    return this.call('GET', `groups/${encodeURIComponent(groupID)}/attributes`);
  }

  createTextMessage({ to, conversationType = TYPES.CONV_GROUP, payload }) {
    return { type: TYPES.MSG_TEXT, to, conversationType, from: this.user.userID, payload: { text: payload.text } };
  }

  async sendMessage(message) {
    const { data } = await this.call('POST', `groups/${encodeURIComponent(message.to)}/messages`, { text: message.payload.text });
    return { code: 0, data: { message: { ...message, sequence: data.sequence, time: data.time } } };
  }
}

/** The adapter's namespace, shaped like the SDK's default export: EVENT, TYPES, create(). */
export const TencentCloudChat = Object.freeze({
  EVENT,
  TYPES,
  /** @param options.SDKAppID the IM app; options.baseUrl the emulator (default: the page's origin) */
  create: (options) => new EmulatorChat(options),
});

export default TencentCloudChat;
