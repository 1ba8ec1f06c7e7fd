// The demo room page: the Tencent IM emulator's adapter in place of @tencentcloud/chat, and roomsync's web client as
// a production page would use it. Development only (any user id logs in; the emulator signs its UserSig).
import TencentCloudChat from '../src/emulator-chat.js';
import { createRoomsync } from '../src/roomsync.js';
import { playAfterGesture, seekWhenPlaying } from '../src/media.js';
import { livePosition, parseProgramme } from '../src/programme.js';
import { loginSearch, roleSyncBase, withoutCredentials } from './settings.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
// A bearer token is never read from the address (it would stay in the history and in logs) and role-sync's URL never
// comes from a link (it could send the token to any host): both are stripped if present.
const cleaned = withoutCredentials(location.search);
if (cleaned !== null) {
  history.replaceState(null, '', `${location.pathname}${cleaned}`);
}
/** The bearer token for role-sync, typed in the admin controls' field and kept for the tab only. */
const TOKEN_KEY = 'roomsync.demo.token';

let configuredApi = null;

/**
 * role-sync's API for the admin controls: `roleSync` of config.json beside the page (same origin), else the local
 * stack's; read once.
 */
function roleSyncApi() {
  configuredApi ??= fetch('config.json', { cache: 'no-store' })
    .then((response) => (response.ok ? response.json() : null))
    .then(roleSyncBase, () => roleSyncBase(null));
  return configuredApi;
}

const page = { user: null, groupID: null, roomsync: null, seen: new Set(), programme: null };

function minutesLeft(untilMillis) {
  const seconds = Math.max(0, Math.ceil((untilMillis - Date.now()) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The viewer's own state: admin badge and controls, input closed with the time left while muted, a banned message. */
function renderSelf() {
  const store = page.roomsync.store;
  const me = store.get(page.user);
  const admin = store.isAdmin(page.user);
  const muted = store.isMuted(page.user);
  const banned = store.isBanned(page.user) || page.refused;
  $('me-badge').hidden = !admin;
  $('me-badge').textContent = me.role === 'OWNER' ? 'owner' : 'admin';
  $('admin-controls').hidden = !admin;
  document.querySelectorAll('.member-controls').forEach((controls) => { controls.hidden = !admin; });
  const status = $('me-status');
  if (banned) {
    status.textContent = page.refused
      ? 'You are banned from this room.'
      : `You are banned from this room until ${new Date(me.bannedUntil).toLocaleString()}.`;
    status.className = 'banned';
  } else if (muted) {
    status.textContent = `Muted: you can write again in ${minutesLeft(me.mutedUntil)}`;
    status.className = 'warning';
  } else {
    status.textContent = '';
    status.className = '';
  }
  const closed = banned || muted;
  $('chat-input').disabled = closed;
  $('chat-send').disabled = closed;
  $('chat-input').placeholder = closed ? status.textContent : 'Say something';
  document.body.dataset.state = banned ? 'banned' : muted ? 'muted' : admin ? 'admin' : 'member';
}

function memberRow(user) {
  let row = document.querySelector(`#members li[data-user="${CSS.escape(user)}"]`);
  if (!row) {
    row = document.createElement('li');
    row.dataset.user = user;
    row.innerHTML = '<span class="name"></span><span class="badges"></span>'
      + '<span class="member-controls" hidden><button data-action="mute">mute 10 min</button>'
      + '<button data-action="admin">make admin</button></span>';
    row.querySelector('.name').textContent = user === page.user ? `${user} (you)` : user;
    row.querySelectorAll('button').forEach((button) => button.addEventListener('click', () => command(user, button.dataset.action)));
    $('members').append(row);
  }
  return row;
}

/** Another member's badges, from what the store knows. */
function renderMember(user) {
  page.seen.add(user);
  const store = page.roomsync.store;
  const state = store.get(user);
  const badges = [];
  if (state.role === 'OWNER' || state.role === 'ADMIN') {
    badges.push(state.role === 'OWNER' ? ['owner', 'owner'] : ['admin', 'admin']);
  }
  if (store.isMuted(user)) {
    badges.push(['muted', 'muted']);
  }
  if (store.isBanned(user)) {
    badges.push(['banned', 'banned']);
  }
  const row = memberRow(user);
  row.querySelector('.badges').innerHTML = badges.map(([kind, text]) => `<span class="badge ${kind}">${text}</span>`).join(' ');
  row.querySelector('.member-controls').hidden = !store.isAdmin(page.user) || user === page.user;
}

function render() {
  renderSelf();
  for (const user of page.seen) {
    renderMember(user);
  }
}

/** An admin's command through role-sync's API (needs the token field and CORS for the page's origin on role-sync). */
async function command(user, action) {
  const roleSyncToken = sessionStorage.getItem(TOKEN_KEY);
  const base = `${await roleSyncApi()}/v1/rooms/${encodeURIComponent(page.groupID)}/members/${encodeURIComponent(user)}`;
  const request = action === 'mute'
    ? { url: `${base}/mute`, body: { seconds: 600, reason: 'demo page' } }
    : { url: `${base}/admin`, body: {} };
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(roleSyncToken ? { Authorization: `Bearer ${roleSyncToken}` } : {}) },
      body: JSON.stringify(request.body),
    });
    $('admin-result').textContent = `${action} ${user}: HTTP ${response.status}`;
  } catch (error) {
    $('admin-result').textContent = `${action} ${user}: ${error.message}`;
  }
}

function showChat(message) {
  const item = document.createElement('li');
  item.textContent = `${message.from}: ${message.payload.text}`;
  $('chat').append(item);
  $('chat').scrollTop = $('chat').scrollHeight;
  renderMember(message.from);
}

/**
 * The page's video element, made when a programme first needs it: Chromium decides whether an element may play
 * without a gesture partly when the element is made, and an element made while the page still parses may escape the
 * autoplay policy (see tools/browser's Chromium.AUTOPLAY_NEEDS_GESTURE).
 */
function videoElement() {
  let video = $('video');
  if (!video) {
    video = document.createElement('video');
    video.id = 'video';
    video.playsInline = true;
    video.preload = 'auto';
    $('stage').prepend(video);
  }
  return video;
}

/** The programme clock: plays the scheduled programme at its live position, after a tap where the browser wants one. */
async function schedule(programme) {
  const video = videoElement();
  page.programme = programme;
  document.body.dataset.programme = programme ? String(programme.version) : 'none';
  if (!programme) {
    video.pause();
    video.removeAttribute('src');
    $('programme-status').textContent = 'No programme scheduled.';
    return;
  }
  const position = livePosition(programme, Date.now(), page.chat.serverOffsetMillis ?? 0);
  if (position === null) {
    $('programme-status').textContent = Date.now() < programme.startMillis
      ? `Starts at ${new Date(programme.startMillis).toLocaleTimeString()}.` : 'The programme has ended.';
    video.pause();
    return;
  }
  if (video.dataset.url !== programme.url) {
    video.dataset.url = programme.url;
    video.src = programme.url;
  }
  $('programme-status').textContent = 'Live';
  document.body.dataset.playback = 'waiting';
  $('tap-to-play').hidden = false;
  await playAfterGesture(video);
  $('tap-to-play').hidden = true;
  // The live position once playing: the time taken to start (and any tap) counts.
  await seekWhenPlaying(video, livePosition(programme, Date.now(), page.chat.serverOffsetMillis ?? 0) ?? position);
  if (page.programme === programme) {
    document.body.dataset.playback = 'playing';
  }
}

function onAttributes(groupAttributes) {
  const programme = parseProgramme(groupAttributes);
  if (programme?.version !== page.programme?.version || (programme === null) !== (page.programme === null)) {
    schedule(programme).catch((error) => { $('programme-status').textContent = `Cannot play: ${error.message}`; });
  }
}

async function enter(user, groupID) {
  page.user = user;
  page.groupID = groupID;
  $('login').hidden = true;
  $('me').hidden = false;
  $('me-name').textContent = user;
  $('room-title').textContent = groupID;
  const signed = await (await fetch(`/client/v1/dev-usersig?userID=${encodeURIComponent(user)}`)).json();
  const chat = TencentCloudChat.create({ SDKAppID: signed.data.sdkAppID });
  const roomsync = createRoomsync({ chat, TencentCloudChat, groupID });
  page.roomsync = roomsync;
  page.chat = chat;
  roomsync.attach();
  roomsync.store.onChange(({ user: changed }) => {
    renderMember(changed);
    renderSelf();
    // When (epoch ms) the page last applied a member change: the browser tests' convergence figures.
    document.body.dataset.changedAt = String(Date.now());
  });
  chat.on(TencentCloudChat.EVENT.MESSAGE_RECEIVED, (event) => event.data
    .filter((message) => message.type === TencentCloudChat.TYPES.MSG_TEXT && message.to === groupID)
    .forEach(showChat));
  chat.on(TencentCloudChat.EVENT.GROUP_ATTRIBUTES_UPDATED, (event) => {
    if (event.data.groupID === groupID) {
      onAttributes(event.data.groupAttributes);
    }
  });
  await chat.login({ userID: user, userSig: signed.data.userSig });
  renderMember(user);
  // data-joined: 'true', 'refused' (banned) or 'failed' (any other error), for tests and tools reading the page.
  let joined = 'true';
  try {
    await chat.joinGroup({ groupID, type: TencentCloudChat.TYPES.GRP_AVCHATROOM });
    await roomsync.catchUp();
    onAttributes((await chat.getGroupAttributes({ groupID, keyList: [] })).data.groupAttributes);
  } catch (error) {
    // 10007: Tencent refuses a banned member's join.
    page.refused = error.code === 10007;
    joined = page.refused ? 'refused' : 'failed';
    $('send-error').textContent = page.refused ? '' : `Cannot join: ${error.message}`;
  }
  render();
  setInterval(renderSelf, 1000);
  document.body.dataset.joined = joined;
  document.body.dataset.ready = 'true';
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  const user = $('user').value.trim();
  if (user) {
    history.replaceState(null, '', loginSearch($('room').value, user));
    enter(user, $('room').value.trim());
  }
});

$('send').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('chat-input').value.trim();
  if (!text) {
    return;
  }
  try {
    await page.chat.sendMessage(page.chat.createTextMessage({ to: page.groupID, payload: { text } }));
    $('chat-input').value = '';
    $('send-error').textContent = '';
    showChat({ from: page.user, payload: { text } });
  } catch (error) {
    $('send-error').textContent = error.code === 10017 ? 'You are muted.' : `Not sent: ${error.message}`;
  }
});

$('api-token').value = sessionStorage.getItem(TOKEN_KEY) ?? '';
$('api-token').addEventListener('change', () => {
  const token = $('api-token').value.trim();
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
});

if (params.get('user')) {
  $('room').value = params.get('room') || 'live_demo';
  enter(params.get('user'), $('room').value);
}
