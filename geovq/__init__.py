"VQ-VAE a posteriori with geodesic quantization."
__version__ = "0.1.0"
