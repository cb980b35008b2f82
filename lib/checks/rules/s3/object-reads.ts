/** The object reads a perimeter deny must cover (reads of the current and of older versions). */
export const OBJECT_READ_ACTIONS_TO_DENY = ['s3:GetObject', 's3:GetObjectVersion'];
