"""The pure core: stdlib and PyYAML only. Time and audio come in as inputs."""
