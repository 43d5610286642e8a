from hht.cli import main

main()
