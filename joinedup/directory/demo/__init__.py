"""The demo place: Ashdown, a fictional town written by us and placed on Bristol's real postcode
districts so that distances work. Every organisation, service, street and person is invented.

`joinedup load_demo` calls `joinedup.directory.demo.loader.load_demo_place`.
"""
