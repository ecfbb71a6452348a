import sys

from indicator_nlp.cli import main

sys.exit(main())
