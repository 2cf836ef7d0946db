// Hinge
