/** Text of the /ride tracker app and the tracker set-up page. */
export const ride = {
  title: 'Ride',
  signIn: 'Sign in to track',
  signOut: 'Sign out',
  signingIn: 'Signing in…',
  signInFailed: 'Sign-in failed: {{reason}}',
  start: 'Start',
  stop: 'Stop',
  sos: 'SOS',
  sosSent: 'SOS sent: the organisers are alerted',
  sosConfirm: 'Send an SOS to the organisers?',
  state: { idle: 'Ready', tracking: 'Tracking', paused: 'Paused', stopped: 'Stopped' },
  queued: '{{count}} positions waiting to send',
  offline: 'Offline: positions are kept and sent when the connection returns',
  position: 'Position',
  rank: 'Rank',
  gap: 'Gap',
  toGo: 'To go',
  noFix: 'Waiting for GPS…',
  stage: 'Stage {{number}}, {{name}}: {{status}}',
  setup: {
    title: 'Set up a tracker app',
    traccar: 'Traccar Client / OsmAnd',
    traccarHelp:
      'Scan this code in Traccar Client: it takes the server, your device identifier and race settings — highest accuracy, a position every 5 seconds, kept while offline. By hand: enter the server URL and device identifier, and set the same.',
    owntracks: 'OwnTracks',
    owntracksHelp:
      'Scan with the phone camera: OwnTracks opens and takes the HTTP settings and Move mode (frequent GPS positions). Keep it in Move mode during the race.',
    serverUrl: 'Server URL',
    deviceId: 'Device identifier',
    noDeviceId: 'This registration has no device id yet: the organiser sets one in the start list.',
  },
} as const;
