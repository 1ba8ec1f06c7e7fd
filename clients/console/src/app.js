// The operator console: wires the page to roomsync's APIs (api.js) and says what happens in words (words.js).
// Live updates are polling: the open room's members every 2 s (a row whose version rose is rebuilt and highlighted), its
// decisions every 2 s, the chart every 10 s, the rooms list every 5 s; nothing is asked while the tab is hidden.
// Why polling and not server-sent events: a browser's EventSource cannot send the Authorization header, so the
// bearer token would travel in the URL (and into logs); role-sync answers from tables every replica holds, so any
// replica answers a poll the same and nothing is kept per viewer.
import { ApiError, createApi } from './api.js';
import {
  ACTION_SCOPES, DEFAULT_POLICY, SERVER_FIELDS, actionRequest, chartScale, changedByWords, decisionWords,
  describeAction, duration, outcomeWords, problemsByField, timeLeft, tokenClaims,
} from './words.js';

const POLL = { members: 2000, decisions: 2000, chart: 10000, rooms: 5000, result: 500 };
/** How long the console follows a command's outcome: 120 polls of 0.5 s. */
const RESULT_POLLS = 120;
const DURATIONS = [[60, '1 min'], [600, '10 min'], [3600, '1 h'], [86400, '1 day'], [604800, '7 days']];

const $ = (selector) => document.querySelector(selector);
// state.room is the open room as role-sync's rooms list names it, { app, room }: a room id is only unique within its
// IM app, so every call about it sends its app (api.js).
const state = { token: '', claims: null, api: null, room: null, rows: new Map(), seenDecisions: new Set(), timers: [] };

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name === 'class') {
      node.className = value;
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return node;
}

function notice(text) {
  $('#notice').textContent = text ?? '';
}

function failure(what, error) {
  const status = error instanceof ApiError ? ` (HTTP ${error.status})` : '';
  notice(`${what}: ${error.message}${status}`);
}

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');

/** Disables what the token's scopes do not allow; the API would answer 403 anyway. */
function allow(button, action) {
  const scope = ACTION_SCOPES[action];
  const allowed = state.claims.scopes.has(scope);
  button.disabled = !allowed;
  button.title = allowed ? '' : `your token lacks the scope ${scope}`;
  return button;
}

function durationSelect(attributes) {
  return el('select', { class: 'duration', ...attributes },
    DURATIONS.map(([seconds, label]) => el('option', { value: seconds, selected: seconds === 600 }, label)));
}

// ---- sign-in -------------------------------------------------------------------------------------------------

async function config() {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (response.ok) {
      return await response.json();
    }
  } catch {
    // served without config.json: the local stack's default ports
  }
  return { roleSync: 'http://127.0.0.1:8081', moderation: 'http://127.0.0.1:8082' };
}

async function signIn(token) {
  try {
    state.claims = tokenClaims(token);
  } catch (e) {
    notice(e.message);
    return;
  }
  state.token = token.trim();
  sessionStorage.setItem('roomsync.token', state.token);
  state.api = createApi(await config(), () => state.token);
  const expires = state.claims.expiresAt ? `, until ${state.claims.expiresAt.toLocaleTimeString()}` : '';
  $('#who-text').textContent = `${state.claims.subject} (${[...state.claims.scopes].join(' ') || 'no scope'}${expires})`;
  $('#sign-in').hidden = true;
  $('#who').hidden = false;
  $('#console').hidden = false;
  notice('');
  allow($('#reconcile'), 'RECONCILE');
  allow($('#save-policy'), 'SAVE_POLICY');
  allow($('#act-on-user button[type=submit]'), $('#act-action').value);
  every(POLL.rooms, loadRooms);
  await loadRooms();
}

function signOut() {
  sessionStorage.removeItem('roomsync.token');
  location.reload();
}

/** Runs `task` every `ms` while the tab is visible. */
function every(ms, task, group = 'console') {
  state.timers.push({ group, id: setInterval(() => { if (!document.hidden) task(); }, ms) });
}

function stopTimers(group) {
  state.timers.filter((t) => t.group === group).forEach((t) => clearInterval(t.id));
  state.timers = state.timers.filter((t) => t.group !== group);
}

// ---- rooms -----------------------------------------------------------------------------------------------------

async function loadRooms() {
  let rooms;
  try {
    rooms = await state.api.rooms({ room: $('#search-room').value, user: $('#search-user').value, limit: 200 });
  } catch (e) {
    failure('rooms list', e);
    return;
  }
  const body = $('#rooms tbody');
  body.replaceChildren(...rooms.map((r) => el('tr', {
    class: sameRoom(r, state.room) ? 'open' : '', 'data-room': r.room, 'data-app': r.app,
    onclick: () => openRoom({ app: r.app, room: r.room }),
  }, el('td', {}, r.room), el('td', {}, r.members), el('td', {}, r.present), el('td', {}, r.admins),
  el('td', { class: r.muted ? 'sanction' : '' }, r.muted), el('td', { class: r.banned ? 'sanction' : '' }, r.banned),
  el('td', {}, time(r.lastChangedAt)))));
  if (!rooms.length) {
    body.append(el('tr', {}, el('td', { colspan: 7 }, 'no room found')));
  }
}

// ---- a room ----------------------------------------------------------------------------------------------------

/** Whether `a` and `b` ({ app, room }) are the same room: the same id in the same IM app. */
function sameRoom(a, b) {
  return a !== null && b !== null && a.app === b.app && a.room === b.room;
}

const roomName = (r) => `${r.room} (app ${r.app})`;

async function openRoom(room) {
  stopTimers('room');
  state.room = room;
  state.rows = new Map();
  $('#members tbody').replaceChildren();
  state.seenDecisions = new Set();
  state.decisionsLoaded = false;
  $('#room-title').textContent = roomName(room);
  $('#outcomes').replaceChildren();
  $('#decisions').replaceChildren();
  $('#room-panel').hidden = false;
  $('#moderation-panel').hidden = false;
  document.querySelectorAll('#rooms tbody tr').forEach((tr) => tr.classList.toggle('open',
    tr.dataset.room === room.room && tr.dataset.app === String(room.app)));
  every(POLL.members, loadMembers, 'room');
  every(POLL.decisions, loadDecisions, 'room');
  every(POLL.chart, loadChart, 'room');
  await Promise.all([loadMembers(), loadDecisions(), loadChart(), loadPolicy()]);
}

async function loadMembers() {
  const room = state.room;
  let members;
  try {
    members = await state.api.members(room);
  } catch (e) {
    failure(`members of ${roomName(room)}`, e);
    return;
  }
  if (room !== state.room) {
    return;
  }
  const now = Date.now();
  const total = members.reduce((sum, m) => sum + m.version, 0);
  $('#room-version').textContent = `version ${total}`;
  // Polling with versions: a member's row is rebuilt only when its version rose (or a sanction ended), so a duration
  // chosen in a row survives the polls; the rest only has its time left brought up to date.
  const rows = members.map((m) => {
    const shown = state.rows.get(m.user);
    if (shown && shown.version === m.version && shown.muted === m.muted && shown.banned === m.banned) {
      shown.row.querySelector('[data-test=muted]').textContent = m.muted ? `muted, ${timeLeft(true, m.mutedUntil, now)}` : '';
      shown.row.querySelector('[data-test=banned]').textContent = m.banned ? `banned, ${timeLeft(true, m.bannedUntil, now)}` : '';
      return shown.row;
    }
    const row = memberRow(m, now, shown !== undefined && m.version > shown.version);
    state.rows.set(m.user, { version: m.version, muted: m.muted, banned: m.banned, row });
    return row;
  });
  const body = $('#members tbody');
  if (rows.length !== body.children.length || rows.some((row, i) => body.children[i] !== row)) {
    body.replaceChildren(...rows);
  }
  if (!members.length) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 8 }, 'roomsync knows no member of this room yet')));
  }
}

function memberRow(m, now, changed) {
  const seconds = durationSelect({ 'data-test': 'seconds' });
  const button = (action, label) => allow(el('button', {
    type: 'button', 'data-action': action,
    onclick: () => act(action, m.user, action === 'MUTE' || action === 'BAN' ? Number(seconds.value) : null),
  }, label), action);
  const admin = m.role === 'ADMIN' || m.role === 'OWNER';
  return el('tr', { class: changed ? 'changed' : '', 'data-user': m.user, 'data-version': m.version },
    el('td', {}, m.user),
    el('td', { class: `role-${m.role}` }, m.role.toLowerCase()),
    el('td', { class: m.muted ? 'sanction' : '', 'data-test': 'muted' }, m.muted ? `muted, ${timeLeft(true, m.mutedUntil, now)}` : ''),
    el('td', { class: m.banned ? 'sanction' : '', 'data-test': 'banned' }, m.banned ? `banned, ${timeLeft(true, m.bannedUntil, now)}` : ''),
    el('td', {}, m.present ? 'present' : 'away'),
    el('td', {}, m.version),
    el('td', { class: 'cause', title: `${m.causeKind} ${m.cause}`, 'data-test': 'cause' },
      m.version ? `${changedByWords(m)} at ${time(m.changedAt)}` : changedByWords(m)),
    el('td', {}, seconds,
      m.muted ? button('UNMUTE', 'unmute') : button('MUTE', 'mute'),
      m.banned ? button('UNBAN', 'unban') : button('BAN', 'ban'),
      m.role === 'OWNER' ? null : admin ? button('REVOKE_ADMIN', 'revoke admin') : button('GRANT_ADMIN', 'make admin')));
}

/** Sends an action, then follows its outcome at /v1/commands/{id} until role-sync has one. */
async function act(action, user, seconds) {
  const entry = el('li', { 'data-test': 'outcome' }, el('time', {}, new Date().toLocaleTimeString()),
    `${describeAction(action, user, seconds)}: sending`);
  $('#outcomes').prepend(entry);
  const say = (text, kind) => {
    entry.lastChild.textContent = `${describeAction(action, user, seconds)}: ${text}`;
    entry.className = kind ?? '';
  };
  let accepted;
  try {
    accepted = await state.api.act(actionRequest(action, state.room, user, seconds));
  } catch (e) {
    say(`${e.message} (HTTP ${e.status ?? '?'})`, 'error');
    return;
  }
  say('accepted, waiting for Tencent');
  for (let i = 0; i < RESULT_POLLS; i++) {
    await new Promise((resolve) => setTimeout(resolve, POLL.result));
    let result;
    try {
      result = await state.api.result(accepted.commandId);
    } catch (e) {
      say(`${e.message} (HTTP ${e.status ?? '?'})`, 'error');
      return;
    }
    if (result) {
      say(outcomeWords(result), result.outcome === 'APPLIED' ? 'applied' : 'refused');
      loadMembers();
      return;
    }
  }
  say(`no outcome yet after ${duration(RESULT_POLLS * POLL.result / 1000)}; command ${accepted.commandId}`, 'error');
}

async function reconcile() {
  const entry = el('li', {}, el('time', {}, new Date().toLocaleTimeString()), 'reconcile with Tencent: sending');
  $('#outcomes').prepend(entry);
  try {
    const answer = await state.api.reconcile(state.room);
    entry.lastChild.textContent = `reconcile with Tencent: asked (observation ${answer.observationId}); corrections show as changes by reconcile`;
    entry.className = 'applied';
  } catch (e) {
    entry.lastChild.textContent = `reconcile with Tencent: ${e.message} (HTTP ${e.status ?? '?'})`;
    entry.className = 'error';
  }
}

// ---- moderation ------------------------------------------------------------------------------------------------

async function loadDecisions() {
  const room = state.room;
  let decisions;
  try {
    decisions = await state.api.decisions(room, 50);
  } catch (e) {
    failure(`decisions of ${roomName(room)}`, e);
    return;
  }
  if (room !== state.room) {
    return;
  }
  const first = !state.decisionsLoaded;
  state.decisionsLoaded = true;
  const before = state.seenDecisions.size;
  $('#decisions').replaceChildren(...decisions.map((d) => {
    const fresh = !first && !state.seenDecisions.has(d.id);
    state.seenDecisions.add(d.id);
    return el('li', { class: fresh ? 'new' : '', 'data-test': 'decision', 'data-id': d.id },
      el('time', {}, time(d.decidedAt)), el('span', { 'data-test': 'decision-words' }, decisionWords(d)), ' ',
      el('span', { class: 'evidence' }, d.evidence));
  }));
  if (!decisions.length) {
    $('#decisions').append(el('li', {}, 'no decision in this room yet'));
  }
  if (!first && state.seenDecisions.size > before) {
    loadChart(); // new decisions: the chart follows at once, not at its next poll
  }
}

async function loadChart() {
  const room = state.room;
  let chart;
  try {
    chart = await state.api.perMinute(room, 30);
  } catch (e) {
    failure(`chart of ${roomName(room)}`, e);
    return;
  }
  if (room !== state.room) {
    return;
  }
  const minutes = chart.minutes;
  const scale = chartScale(minutes);
  const width = 600;
  const height = 120;
  const slot = width / minutes.length;
  const bar = slot / 4;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height + 14}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  const rect = (x, value, kind, minute) => {
    const h = (value / scale) * height;
    const r = document.createElementNS(svg.namespaceURI, 'rect');
    Object.entries({ x, y: height - h, width: bar, height: h, class: `${kind}-bar` }).forEach(([k, v]) => r.setAttribute(k, v));
    const title = document.createElementNS(svg.namespaceURI, 'title');
    title.textContent = `${time(minute)}: ${value} ${kind}`;
    r.append(title);
    return r;
  };
  minutes.forEach((m, i) => {
    const x = i * slot + bar / 2;
    svg.append(rect(x, m.decisions, 'decisions', m.minute), rect(x + bar, m.recalls, 'recalls', m.minute),
      rect(x + 2 * bar, m.sanctions, 'sanctions', m.minute));
  });
  const totals = minutes.reduce((t, m) => ({ d: t.d + m.decisions, r: t.r + m.recalls, s: t.s + m.sanctions }), { d: 0, r: 0, s: 0 });
  $('#chart').replaceChildren(svg, el('figcaption', { class: 'legend', 'data-test': 'chart-totals' },
    el('span', { class: 'decisions' }, `■ decisions ${totals.d}`), el('span', { class: 'recalls' }, `■ recalls ${totals.r}`),
    el('span', { class: 'sanctions' }, `■ sanctions ${totals.s}`),
    el('span', {}, `${time(minutes[0]?.minute)} to ${time(minutes.at(-1)?.minute)}, highest bar ${scale}`)));
}

/** The open room, or its app's default ({ app, room: '*' }) when the operator chose the app default. */
function policyTarget() {
  return document.querySelector('input[name=policy-target]:checked').value === '*' ? { app: state.room.app, room: '*' } : state.room;
}

async function loadPolicy() {
  const target = policyTarget();
  let policy;
  try {
    policy = await state.api.policy(target);
  } catch (e) {
    failure(`policy of ${roomName(target)}`, e);
    return;
  }
  $('#policy-saved').textContent = '';
  $('#policy-problems').replaceChildren();
  if (!policy) {
    $('#policy-origin').textContent = target.room === '*' ? 'no app default yet: the defaults below' : 'no policy and no app default: the defaults below';
  } else if (policy.inherited) {
    $('#policy-origin').textContent = `the app default (revision ${policy.revision}) applies; saving gives the room its own`;
  } else {
    $('#policy-origin').textContent = `revision ${policy.revision}, by ${policy.updatedBy} at ${time(policy.updatedAt)}`;
  }
  renderPolicy({ ...DEFAULT_POLICY, ...(policy ?? {}) });
}

function renderPolicy(policy) {
  const fields = Object.keys(policy).filter((name) => !SERVER_FIELDS.includes(name));
  $('#policy-fields').replaceChildren(...fields.map((name) => {
    const value = policy[name];
    let input;
    if (typeof value === 'boolean') {
      input = el('input', { type: 'checkbox', checked: value });
    } else if (name === 'bannedTermAction') {
      input = el('select', {}, ['MASK', 'REJECT', 'DROP'].map((a) => el('option', { selected: a === value }, a)));
    } else if (name === 'ladder') {
      input = el('textarea', { rows: 3 });
      input.value = JSON.stringify(value);
    } else if (Array.isArray(value)) {
      input = el('textarea', { rows: 3, placeholder: 'one per line' });
      input.value = value.join('\n');
    } else {
      input = el('input', { type: 'text', value: value ?? '' });
    }
    input.name = name;
    input.dataset.kind = typeof value === 'boolean' ? 'boolean' : name === 'ladder' ? 'json'
      : Array.isArray(value) ? 'list' : typeof value === 'number' ? 'number' : 'text';
    return el('div', { class: 'field', 'data-field': name }, el('label', {}, name, input),
      el('div', { class: 'problem', 'data-problem-for': name }));
  }));
}

async function savePolicy(event) {
  event.preventDefault();
  const fields = [...document.querySelectorAll('#policy-fields [name]')];
  const policy = {};
  const local = [];
  for (const input of fields) {
    const { name, dataset: { kind } } = input;
    if (kind === 'boolean') {
      policy[name] = input.checked;
    } else if (kind === 'number') {
      // A whole number goes as a number; anything else as typed, for the API to say what is wrong with it.
      policy[name] = /^-?\d+$/.test(input.value.trim()) ? Number(input.value.trim()) : input.value;
    } else if (kind === 'list') {
      policy[name] = input.value.split('\n').map((line) => line.trim()).filter(Boolean);
    } else if (kind === 'json') {
      try {
        policy[name] = JSON.parse(input.value || '[]');
      } catch {
        local.push(`${name}: not JSON, e.g. [{"offences":2,"sanction":"MUTE","seconds":600}]`);
      }
    } else {
      policy[name] = input.value;
    }
  }
  const names = fields.map((f) => f.name);
  if (local.length) {
    showProblems(local, names);
    return;
  }
  const target = policyTarget();
  try {
    const saved = await state.api.savePolicy(target, policy);
    showProblems([], names);
    $('#policy-saved').textContent = `saved: revision ${saved.revision}`;
    $('#policy-origin').textContent = `revision ${saved.revision}, by ${saved.updatedBy} at ${time(saved.updatedAt)}`;
  } catch (e) {
    $('#policy-saved').textContent = '';
    showProblems(e.body?.problems ?? [`${e.message} (HTTP ${e.status ?? '?'})`], names);
  }
}

/** Each problem next to its field; problems of no field above the form. */
function showProblems(problems, names) {
  const byField = problemsByField(problems, names);
  for (const name of names) {
    const mine = byField.get(name) ?? [];
    document.querySelector(`[data-problem-for="${name}"]`).textContent = mine.join('; ');
    document.querySelector(`[data-field="${name}"]`).classList.toggle('invalid', mine.length > 0);
  }
  $('#policy-problems').replaceChildren(...(byField.get('') ?? []).map((p) => el('li', {}, p)));
}

// ---- start -----------------------------------------------------------------------------------------------------

function start() {
  $('#act-seconds').replaceWith(durationSelect({ id: 'act-seconds', 'data-test': 'act-seconds' }));
  $('#sign-in').addEventListener('submit', (e) => {
    e.preventDefault();
    signIn($('#token').value);
  });
  $('#sign-out').addEventListener('click', signOut);
  $('#room-search').addEventListener('submit', (e) => {
    e.preventDefault();
    loadRooms();
  });
  $('#reconcile').addEventListener('click', reconcile);
  $('#act-on-user').addEventListener('submit', (e) => {
    e.preventDefault();
    const action = $('#act-action').value;
    const button = $('#act-on-user button[type=submit]');
    if (button.disabled) {
      return;
    }
    act(action, $('#act-user').value.trim(), action === 'MUTE' || action === 'BAN' ? Number($('#act-seconds').value) : null);
  });
  $('#act-action').addEventListener('change', () => allow($('#act-on-user button[type=submit]'), $('#act-action').value));
  document.querySelectorAll('input[name=policy-target]').forEach((r) => r.addEventListener('change', loadPolicy));
  $('#policy').addEventListener('submit', savePolicy);
  const saved = sessionStorage.getItem('roomsync.token');
  if (saved) {
    signIn(saved);
  }
}

start();
