"""A local OpenID Provider that stands in for ACM/IDM in the tests and in `make run-acm`.

A small second Django project with django-oidc-provider, run as its own process
(`python -m tests.acm_provider PORT FOLDER`). Its users and their claims, which mirror ACM's
(vo_doelgroepcode, vo_orgcode and the portal's role claim), come from the JSON file
FOLDER/users.json, read at every token: a test changes a user's roles by writing that file.
With "verberg_sleutel": true in it, the provider signs its tokens with a key that its JWKS
does not publish, as a forger would.
"""
