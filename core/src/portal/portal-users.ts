/** A portal user as the admin sees it; never its password hash. */
export interface PortalUser {
  id: string;
  email: string;
  /** Singular API name of the object holding the linked record. */
  object: string;
  recordId: string;
  isActive: boolean;
  createdAt: string;
}

export interface CreatedPortalUser {
  portalUser: PortalUser;
  /** The generated password when the input gave none (shown this once); null otherwise. */
  password: string | null;
}

/** What an admin sends to create a portal user (validated by the implementation). */
export interface CreatePortalUserInput {
  email: string;
  password?: string | null;
  object: string;
  recordId: string;
}

/** What an admin sends to invite a contact record's person to the portal. */
export interface InvitePortalUserInput {
  email: string;
  /** A record of the portal's contact object. */
  recordId: string;
}

/** An invite sent (or, without a mail transport, its link handed back to pass on). */
export interface SentPortalInvite {
  portalUser: PortalUser;
  expiresAt: string;
  mailed: boolean;
  /** The one-time link when no mail went out; null once mailed. */
  link: string | null;
}

/**
 * Portal accounts as `/metadata` manages them. The runtime implements it (it owns password
 * hashing and token revocation); core only exposes it through the metadata API.
 */
export interface PortalUserAdmin {
  /**
   * @throws BAD_USER_INPUT for a bad email or password, an unknown object or a record that does
   *   not exist in it; CONFLICT when the email already has a portal account in the workspace
   */
  create(workspaceId: string, input: CreatePortalUserInput): Promise<CreatedPortalUser>;
  /**
   * Creates the account of a contact record (or finds the one of that record) and mails it a
   * one-time link to choose its password.
   * @throws BAD_USER_INPUT when the portal has no contact object or the record does not exist;
   *   CONFLICT when the email belongs to another record's account
   */
  invite(workspaceId: string, input: InvitePortalUserInput): Promise<SentPortalInvite>;
  list(workspaceId: string): Promise<PortalUser[]>;
  /** Deactivates the account and revokes its sessions at once. @throws NOT_FOUND */
  deactivate(workspaceId: string, email: string): Promise<PortalUser>;
}
