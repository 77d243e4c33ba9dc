// Test and bench fixtures (not for the worker): the BreastMNIST test set as an inputs zip, the
// committed model and its contract, and the fault models.
export * from './breastmnist-inputs.js';
export * from './build-fault-models.js';
export * from './segmentation-fixtures.js';
