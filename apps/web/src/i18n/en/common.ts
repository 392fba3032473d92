/** Text shared by every page: navigation, states, units. */
export const common = {
  appName: 'Echelon',
  skipToContent: 'Skip to content',
  nav: {
    home: 'Races',
    statistics: 'Statistics',
    signIn: 'Sign in',
    signOut: 'Sign out',
    admin: 'Back office',
  },
  state: {
    loading: 'Loading…',
    error: 'Something went wrong: {{message}}',
    notFound: 'Not found',
    notFoundDetail: 'There is no page here. It may have moved, or the link is incomplete.',
    retry: 'Try again',
    empty: 'Nothing here yet.',
  },
  raceStatus: {
    draft: 'Draft',
    published: 'Upcoming',
    live: 'Live',
    neutralised: 'Neutralised',
    finished: 'Finished',
    official: 'Official',
    cancelled: 'Cancelled',
  },
  /** A stage's own status (the live feed's, and the back office's). */
  stageStatus: {
    scheduled: 'Scheduled',
    live: 'Live',
    neutralised: 'Neutralised',
    finished: 'Finished',
    official: 'Official',
    cancelled: 'Cancelled',
    annulled: 'Annulled',
  },
  footer: 'Echelon — open-source race tracking and timing',
};
