"""The abstractive edge: a client for any OpenAI-compatible chat server (llama.cpp's server,
Ollama, vLLM, a hosted API), its configuration from the environment, the prompt, and the packaged
local model server (``newsbrief llm serve``). The faithfulness check itself is pure core
(:mod:`newsbrief.guard.sentences`)."""

from newsbrief.llm.client import LlmClient
from newsbrief.llm.config import LlmConfig
from newsbrief.llm.prompt import build_messages, fit_article

__all__ = ["LlmClient", "LlmConfig", "build_messages", "fit_article"]
