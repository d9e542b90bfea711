"""Beam search state for MarianMT that does not repeat per beam what every beam shares.

transformers expands the encoder output to one row per beam, so each sentence's
cross-attention keys and values are projected, cached, reordered and read once per
beam: four identical copies with four beams. Here they are projected once per sentence
before generation, cached as they are and never reordered, and the attention function
registered below lets each sentence's beams query that one copy together. Same
arithmetic, a quarter of the cross-attention work and memory (bench/speed.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported lazily at run time: loading torch and transformers takes seconds
    import torch
    from transformers import MarianMTModel
    from transformers.cache_utils import EncoderDecoderCache

ATTENTION = "songngu_shared_beams"


def shared_beam_attention(
    module: torch.nn.Module,
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attention_mask: torch.Tensor | None,
    **kwargs: Any,
) -> tuple[torch.Tensor, None]:
    """transformers' SDPA attention, except that ``key`` and ``value`` may hold one row per sentence.

    ``query`` has a row per beam, sentence-major (sentence * beams + beam); when ``key`` has
    fewer rows, each sentence's beams become extra query positions over its one copy.
    """
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    items = key.shape[0]
    beams = query.shape[0] // items
    if beams == 1:
        return sdpa_attention_forward(module, query, key, value, attention_mask, **kwargs)
    _, heads, length, dim = query.shape
    grouped = query.view(items, beams, heads, length, dim).transpose(1, 2)
    grouped = grouped.reshape(items, heads, beams * length, dim)
    if attention_mask is not None:  # the encoder padding mask, the same for every beam of a sentence
        attention_mask = attention_mask[::beams].repeat(1, 1, beams, 1)
    output, _ = sdpa_attention_forward(module, grouped, key, value, attention_mask, **kwargs)
    # sdpa returns (sentence, position, head, dim); split the positions back into beams.
    return output.reshape(items * beams, length, heads, dim), None


def register_attention() -> bool:
    """Make ``ATTENTION`` a valid ``attn_implementation``; False where transformers has no interface for it."""
    try:
        from transformers import AttentionInterface
        from transformers.masking_utils import AttentionMaskInterface, sdpa_mask
    except ImportError:  # transformers < 4.48
        return False
    AttentionInterface.register(ATTENTION, shared_beam_attention)
    AttentionMaskInterface.register(ATTENTION, sdpa_mask)
    return True


def beam_search_cache(
    model: MarianMTModel | None = None, encoder_states: torch.Tensor | None = None
) -> EncoderDecoderCache:
    """A cache for beam search that never copies cross-attention keys and values.

    Reordering beams within a sentence cannot change the cross-attention rows (every beam
    of a sentence attends to the same encoder output), yet transformers copies them at every
    step. Given the encoder output of a MarianMT ``model`` (one row per sentence; the model
    must use ``ATTENTION``), the keys and values are computed here, once per sentence, and
    generate uses them as they are instead of projecting its beam-expanded copy.
    """
    from transformers.cache_utils import DynamicCache, EncoderDecoderCache

    class BeamSearchCache(EncoderDecoderCache):
        def reorder_cache(self, beam_idx: torch.LongTensor) -> None:
            self.self_attention_cache.reorder_cache(beam_idx)

    cross = DynamicCache()
    if model is not None and encoder_states is not None:
        for index, layer in enumerate(model.get_decoder().layers):
            attention = layer.encoder_attn  # the projections MarianAttention applies to the encoder output
            shape = (*encoder_states.shape[:-1], -1, attention.head_dim)
            key = attention.k_proj(encoder_states).view(shape).transpose(1, 2)
            value = attention.v_proj(encoder_states).view(shape).transpose(1, 2)
            cross.update(key, value, index)
    return BeamSearchCache(DynamicCache(), cross)  # marks the filled cross-attention layers as done
