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
  list(workspaceId: string): Promise<PortalUser[]>;
  /** Deactivates the account and revokes its sessions at once. @throws NOT_FOUND */
  deactivate(workspaceId: string, email: string): Promise<PortalUser>;
}
