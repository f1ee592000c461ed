/** The shortest password a staff member may set (NIST SP 800-63B asks for length, not composition rules). */
export const MIN_PASSWORD_LENGTH = 12;
