import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ROLE_SYNC, loginSearch, roleSyncBase, withoutCredentials } from '../demo/settings.js';

test('the admin controls call the role-sync of the page\'s own config, else the local stack\'s', () => {
  assert.equal(roleSyncBase({ roleSync: 'https://rs.example.com/' }), 'https://rs.example.com');
  assert.equal(roleSyncBase(null), 'http://127.0.0.1:8081');
  assert.equal(roleSyncBase({}), DEFAULT_ROLE_SYNC);
  assert.equal(roleSyncBase({ roleSync: 'javascript:alert(1)' }), DEFAULT_ROLE_SYNC);
  assert.equal(roleSyncBase({ roleSync: 'not a url' }), DEFAULT_ROLE_SYNC);
});

test('a token or api in the address is stripped, the rest kept', () => {
  assert.equal(withoutCredentials('?room=live_demo&token=eyJ.a.b&user=viewer_1&api=https%3A%2F%2Fevil.example'),
    '?room=live_demo&user=viewer_1');
  assert.equal(withoutCredentials('?token=eyJ.a.b'), '');
  assert.equal(withoutCredentials('?room=live_demo&user=viewer_1'), null);
  assert.equal(withoutCredentials(''), null);
});

test('a login writes only the room and the user into the address', () => {
  assert.equal(loginSearch('live demo', 'viewer_1'), '?room=live+demo&user=viewer_1');
});
