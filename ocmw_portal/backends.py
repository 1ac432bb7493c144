"""The login backend: Django's ModelBackend, reading a request's user with their role and scope.

Every page asks who the user is, which role they have (access.role_of) and what their scope is.
Read apart, that is three queries on every request; get_user reads them in one.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, User

from ocmw_portal import access
from ocmw_portal.models import UserScope

# Whether the user is in the role group named by the parameter.
_MEMBER_OF = (
    f"EXISTS (SELECT 1 FROM {User.groups.through._meta.db_table} ug"
    f" JOIN {Group._meta.db_table} g ON g.id = ug.group_id"
    " WHERE ug.user_id = u.id AND g.name = %s)"
)
# The first role group (access.ROLE_PRECEDENCE) the user is in, each name given twice.
_ROLE = "CASE" + f" WHEN {_MEMBER_OF} THEN %s" * len(access.ROLE_PRECEDENCE) + " END"
# The user's columns, their role and their scope's own row (none for a user without scope).
_USER_WITH_ROLE_AND_SCOPE = (
    f"SELECT u.*, {_ROLE} AS portal_role,"
    " s.id AS portal_scope_id, s.all_flanders AS portal_all_flanders"
    f" FROM {User._meta.db_table} u LEFT JOIN {UserScope._meta.db_table} s ON s.user_id = u.id"
    " WHERE u.id = %s"
)
_EXTRA_COLUMNS = ("portal_role", "portal_scope_id", "portal_all_flanders")


class PortalBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        params = [name for role in access.ROLE_PRECEDENCE for name in (role, role)]
        # raw() converts the user's columns as the ORM does; the others come as attributes.
        user = next(iter(User.objects.raw(_USER_WITH_ROLE_AND_SCOPE, [*params, user_id])), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        role, scope_id, all_flanders = (vars(user).pop(name) for name in _EXTRA_COLUMNS)
        access.remember_role(user, role)
        if scope_id is None:
            # No scope: user.scope raises UserScope.DoesNotExist without asking, as after
            # select_related("scope").
            User.scope.related.set_cached_value(user, None)
        else:
            user.scope = UserScope.from_db(
                user._state.db,
                ["id", "user_id", "all_flanders"],
                [scope_id, user.pk, bool(all_flanders)],
            )
        return user
