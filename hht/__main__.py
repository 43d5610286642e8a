from hht.launch import main

main()
