"""The grade and the CIELAB colour difference in torch, differentiably, for training.

:func:`grade_tensor` is a copy of :func:`vedit_gui.media.grade.grade_float` (pivot, black and
white levels left neutral) on batches of images, so the loss can score the corrected picture
itself rather than the parameters; tests check that it matches the grade function.
"""

from __future__ import annotations

import torch

from ...media.grade import DEFAULT_PIVOT, LUMA_709


def _srgb_to_linear(v: torch.Tensor) -> torch.Tensor:
    return torch.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055).clamp_min(1e-8) ** 2.4)


def _linear_to_srgb(v: torch.Tensor) -> torch.Tensor:
    """Light above white kept, as :func:`vedit_gui.media.grade.encode_unclipped`."""
    v = v.clamp_min(0.0)
    return torch.where(v <= 0.0031308, v * 12.92, 1.055 * v.clamp_min(1e-8) ** (1 / 2.4) - 0.055)


def grade_tensor(image: torch.Tensor, params: torch.Tensor) -> torch.Tensor:
    """Grade images (B, 3, H, W) in [0, 1] with parameters (B, 6), differentiably."""
    exposure, temperature, tint, contrast, saturation, gamma = params.unbind(dim=1)
    log_gains = torch.stack(
        [
            exposure + temperature / 2 - tint / 3,
            exposure + 2 * tint / 3,
            exposure - temperature / 2 - tint / 3,
        ],
        dim=1,
    )
    v = _linear_to_srgb(_srgb_to_linear(image) * torch.exp2(log_gains)[:, :, None, None])
    v = v.clamp_min(1e-6) ** (1.0 / gamma)[:, None, None, None]
    v = (DEFAULT_PIVOT + (v - DEFAULT_PIVOT) * contrast[:, None, None, None]).clamp(0.0, 1.0)
    weights = torch.tensor(LUMA_709, dtype=v.dtype)[None, :, None, None]
    luma = (v * weights).sum(dim=1, keepdim=True)
    return (luma + (v - luma) * saturation[:, None, None, None]).clamp(0.0, 1.0)


# sRGB (BT.709 primaries) linear light to CIE XYZ, D65 white, and that white.
_RGB_TO_XYZ = (
    (0.4124564, 0.3575761, 0.1804375),
    (0.2126729, 0.7151522, 0.0721750),
    (0.0193339, 0.1191920, 0.9503041),
)
_D65 = (0.95047, 1.0, 1.08883)


def srgb_to_lab(image: torch.Tensor) -> torch.Tensor:
    """CIELAB (B, 3, H, W) of sRGB images (B, 3, H, W) in [0, 1], differentiably."""
    linear = _srgb_to_linear(image.clamp(0.0, 1.0))
    matrix = torch.tensor(_RGB_TO_XYZ, dtype=image.dtype) / torch.tensor(_D65, dtype=image.dtype)[:, None]
    xyz = torch.einsum("ij,bjhw->bihw", matrix, linear)
    eps = 216 / 24389
    f = torch.where(xyz > eps, xyz.clamp_min(eps) ** (1 / 3), (24389 / 27 * xyz + 16) / 116)
    fx, fy, fz = f.unbind(dim=1)
    return torch.stack([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)], dim=1)


def delta_e(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Mean CIE76 colour difference (B,) between sRGB images (B, 3, H, W) in [0, 1]."""
    diff = srgb_to_lab(a) - srgb_to_lab(b)
    # The small constant keeps the gradient finite where the images agree exactly.
    return (diff.pow(2).sum(dim=1) + 1e-4).sqrt().mean(dim=(1, 2))
