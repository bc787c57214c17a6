"""The 双随机抽查 page: draws, the target directory, the matters and the inspectors."""
