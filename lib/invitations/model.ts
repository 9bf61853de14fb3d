export const INVITATION_VALID_DAYS = 7;

export const INVALID_INVITATION_MESSAGE = 'This invitation link is no longer valid. Ask your practice to send a new one.';

export const CLIENTS_ONLY_LOCATION_MESSAGE = 'Only clients give their location here.';
