// Whether the core offers a service to this window: not known yet, yes, or no (it answered UNSUPPORTED).
export type Support = 'unknown' | 'yes' | 'no';
