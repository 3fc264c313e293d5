"""The one thing pyproject.toml cannot say: t9verify's compiled acceptance path.

The extension is optional: where no C compiler is found the build goes on without it and
``t9verify.accept`` uses its Python path, which reaches the same verdicts more slowly.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "t9verify._accept_native",
            ["t9verify/_accept_native.c"],
            optional=True,
            extra_compile_args=["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
        )
    ]
)
