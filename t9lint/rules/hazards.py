"""Hazards family: review hazards a reviewer cannot see from the template alone."""
