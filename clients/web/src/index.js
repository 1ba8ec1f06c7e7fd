export { createRoomsync, MemberStore, NOTICE_DESC, PROTOCOL_VERSION, parseNotice, parseSnapshot } from './roomsync.js';
export { playAfterGesture, seekWhenPlaying } from './media.js';
export { PROGRAMME_KEY, livePosition, parseProgramme } from './programme.js';
