import type { UserJson } from './auth.schemas.js';
import type { User } from './user.service.js';

/**
 * The Admin API shape of a staff account.
 * @param showEmail whether the viewer may see e-mail addresses (admins, and the user themself)
 */
export function presentUser(user: User, showEmail: boolean): UserJson {
  return {
    id: user.id,
    email: showEmail ? user.email : null,
    name: user.name,
    slug: user.slug,
    bio: user.bio,
    role: user.role,
    status: user.status,
    totp_enabled: Boolean(user.totp_enabled),
    created_at: user.created_at,
  };
}
