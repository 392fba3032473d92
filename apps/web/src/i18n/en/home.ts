/** Text of the home page: the races that are live, coming up and done. */
export const home = {
  title: 'Races',
  intro: 'Follow bicycle races live, then browse their results and statistics.',
  search: {
    label: 'Search races',
    placeholder: 'Name or place, e.g. Tour, Paris',
    hint: 'Searches race names and locations.',
    matches_one: '{{count}} race matches “{{query}}”.',
    matches_other: '{{count}} races match “{{query}}”.',
    clear: 'Clear search',
  },
  live: {
    heading: 'Live now',
    watch: 'Watch live',
    watchStage: 'Watch stage {{number}} live',
    neutralised: 'Racing is neutralised',
    betweenStages: 'Between stages: stage {{number}} is next',
  },
  upcoming: {
    heading: 'Upcoming',
    none: 'No upcoming races announced.',
  },
  past: {
    heading: 'Past races',
    none: 'No past races yet.',
    pages: 'Past races pages',
    previous: 'Newer races',
    next: 'Older races',
    page: 'Page {{page}} of {{pages}}',
  },
  card: {
    noDate: 'Date to be announced',
    noLocation: 'Location to be announced',
    results: 'Results',
  },
  empty: {
    heading: 'No races here yet',
    spectator:
      'When an organiser publishes a race it appears on this page: follow it live on a map, then read its results.',
    organiser: 'Organising a race? Sign in to create one, add its course and start list, and publish it.',
    signIn: 'Sign in as an organiser',
    api: 'Or set it up through the API',
    noMatch: 'No race matches “{{query}}”. Check the spelling, or search for a place instead.',
  },
  signIn: {
    title: 'Sign in',
    intro: 'For organisers, commissaires and administrators. Spectators need no account.',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    busy: 'Signing in…',
    failed: 'Signing in failed. Check your e-mail and password.',
    offline: 'The server cannot be reached. Check your connection and try again.',
    tooMany: 'Too many attempts: {{detail}}',
    already: 'You are signed in as {{name}}.',
  },
};
