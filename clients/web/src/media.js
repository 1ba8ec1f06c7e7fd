// Two pitfalls of live (and pseudo-live) playback in mobile browsers.

/**
 * Starts playback, and when the browser refuses to start it without a user gesture (Android Chrome's autoplay policy
 * rejects play() with NotAllowedError), starts it on the first tap or click instead. Resolves once play() succeeded.
 */
export function playAfterGesture(video, { target = globalThis.document, events = ['touchend', 'click'] } = {}) {
  const attempt = () => Promise.resolve().then(() => video.play());
  return attempt().catch((error) => {
    if (!error || error.name !== 'NotAllowedError' || !target) {
      throw error;
    }
    return new Promise((resolve, reject) => {
      const onGesture = () => {
        events.forEach((name) => target.removeEventListener(name, onGesture));
        attempt().then(resolve, reject);
      };
      events.forEach((name) => target.addEventListener(name, onGesture));
    });
  });
}

/**
 * Seeks to {@code seconds}, but only once the video is really playing: iOS Safari ignores (or resets) a currentTime
 * set before playback started, so a pseudo-live stream would start from the beginning. Resolves once the seek was made.
 */
export function seekWhenPlaying(video, seconds) {
  const playing = !video.paused && !video.ended && video.readyState > 2;
  if (playing) {
    video.currentTime = seconds;
    return Promise.resolve(seconds);
  }
  return new Promise((resolve) => {
    const onPlaying = () => {
      video.removeEventListener('playing', onPlaying);
      video.currentTime = seconds;
      resolve(seconds);
    };
    video.addEventListener('playing', onPlaying);
  });
}
