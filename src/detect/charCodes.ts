/** UTF-16 code units the scanners compare against (`charCodeAt`), named once for the detection files. */
export const BACKSLASH = 92;
export const SLASH = 47;
export const DOT = 46;
export const HYPHEN = 45;
export const EQUALS = 61;
export const COLON = 58;
export const LESS = 60;
export const GREATER = 62;
export const PERCENT = 37;
