"""SageMaker training entry point for the Hugging Face estimator (BioBERT fine-tuning)."""
