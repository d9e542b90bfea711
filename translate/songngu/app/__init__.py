"""What drives a whole job, above the stages: a translation run and its summary, scoring a folder,
``review apply``, and the review workbench (its logic, its web server and its page).

The stage packages (documents, glossary, translation, backends, review, scoring) never import
this package or ``cli``; tests/test_structure.py keeps it so.
"""
