"""双随机、一公开: the target directory, matters, inspector profiles, draws and results."""
