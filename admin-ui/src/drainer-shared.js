// Names shared by the background drainer and the admin page.
export const DRAINER_LOCK = 'mvsync-drainer';
export const DRAINER_CHANNEL = 'mvsync-drainer';
