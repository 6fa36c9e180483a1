# Everything is in main.tf.
