"""Taking part in consultation: planned meetings with their invitations, the OCMWs' replies and
agenda proposals, deletion and restoring, the personal calendar feed, search and the e-mails of
manage.py send_notifications."""
