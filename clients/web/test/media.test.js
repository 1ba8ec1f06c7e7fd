import { test } from 'node:test';
import assert from 'node:assert/strict';
import { playAfterGesture, seekWhenPlaying } from '../src/index.js';

/** A video element as far as the helpers use it: play(), paused/ended/readyState, currentTime and 'playing'. */
class FakeVideo extends EventTarget {
  constructor({ refuseUntilGesture = false } = {}) {
    super();
    this.refuse = refuseUntilGesture;
    this.paused = true;
    this.ended = false;
    this.readyState = 0;
    this.currentTime = 0;
    this.plays = 0;
  }

  play() {
    this.plays += 1;
    if (this.refuse) {
      return Promise.reject(Object.assign(new Error('play() needs a gesture'), { name: 'NotAllowedError' }));
    }
    this.paused = false;
    this.readyState = 4;
    return Promise.resolve();
  }
}

test('given a browser that allows autoplay, when asked to play, then it plays at once', async () => {
  const video = new FakeVideo();

  await playAfterGesture(video, { target: new EventTarget() });

  assert.equal(video.paused, false);
  assert.equal(video.plays, 1);
});

test('given a browser that refuses autoplay, when the user taps, then it plays on that tap', async () => {
  const video = new FakeVideo({ refuseUntilGesture: true });
  const page = new EventTarget();
  let settled = false;

  const playing = playAfterGesture(video, { target: page }).then(() => { settled = true; });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false);
  video.refuse = false;
  page.dispatchEvent(new Event('touchend'));
  await playing;

  assert.equal(video.paused, false);
  assert.equal(video.plays, 2);
});

test('given another playback error, when asked to play, then the error is passed on', async () => {
  const video = new FakeVideo();
  video.play = () => Promise.reject(Object.assign(new Error('no source'), { name: 'NotSupportedError' }));

  await assert.rejects(playAfterGesture(video, { target: new EventTarget() }), { name: 'NotSupportedError' });
});

test('given a video not yet playing, when seeking, then the position is set only once it plays', async () => {
  const video = new FakeVideo();

  const seeked = seekWhenPlaying(video, 754);
  assert.equal(video.currentTime, 0);
  await video.play();
  video.dispatchEvent(new Event('playing'));

  assert.equal(await seeked, 754);
  assert.equal(video.currentTime, 754);
});

test('given a playing video, when seeking, then the position is set at once', async () => {
  const video = new FakeVideo();
  await video.play();

  await seekWhenPlaying(video, 90);

  assert.equal(video.currentTime, 90);
});
